"""Counseling, employee side: find a counselor, book, move, cancel, share a result,
and the booking-code page for pseudonymous bookings (no sign-in needed there)."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.counseling.domain.availability import counselors_for, free_slots, serves
from rehat.counseling.domain.booking import (
    BookingError,
    book_session,
    bookings_of,
    cancel_booking,
    find_pseudonymous,
    reschedule_booking,
    share_screening,
    withdraw_screening,
)
from rehat.counseling.domain.mail import booking_ics, place_text
from rehat.counseling.forms import BookingForm, CodeForm, RescheduleForm, ScreeningForm
from rehat.counseling.models import Booking, Circle
from rehat.counseling.permissions import (
    employee_of,
    get_booking_for_employee,
    get_counselor_for_booking,
)
from rehat.lib import boxes
from rehat.organizations.permissions import EMPLOYEE, role_required

PARTY = Booking.Party.EMPLOYEE


@require_GET
@role_required(EMPLOYEE)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    now = timezone.now()
    bookings = bookings_of(user=request.user)
    context = {
        "counselors": list(counselors_for(employee=employee)),
        "upcoming": [b for b in bookings if b.ends > now and b.status == Booking.Status.BOOKED],
        "past": [b for b in bookings if not (b.ends > now and b.status == Booking.Status.BOOKED)],
        "circles": list(
            Circle.objects.filter(status=Circle.Status.OPEN, starts__gt=now)
            .select_related("facilitator__user")
            .order_by("starts")[:10]
        ),
        "code_form": CodeForm(),
    }
    return render(request, "counseling/home.html", context)


@require_http_methods(["GET", "POST"])
@role_required(EMPLOYEE)
def counselor(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """A counselor's free times and the booking form."""
    employee = employee_of(request.user)
    chosen = get_counselor_for_booking(code)
    if not serves(counselor=chosen, employee=employee):
        raise Http404
    now = timezone.now()
    form = BookingForm(request.POST or None, slots=free_slots(counselor=chosen, now=now))
    if request.method == "POST" and form.is_valid():
        try:
            booked = book_session(
                counselor=chosen,
                employee=employee,
                starts=form.cleaned_data["starts"],
                mode=form.cleaned_data["mode"],
                contact=form.cleaned_data["contact"],
                now=now,
            )
        except BookingError as error:
            form.add_error(None, str(error))
        else:
            if booked.receipt is None:
                messages.success(request, _("Janji Anda tercatat. Hanya konselor yang tahu."))
                return redirect("counseling:booking", code=booked.booking.code)
            context = {
                "booking": booked.booking,
                "receipt": boxes.format_receipt(booked.receipt),
                "place": place_text(booked.booking),
            }
            return render(request, "counseling/receipt.html", context)
    context = {"counselor": chosen, "form": form, "place": chosen.get_place_kind_display()}
    return render(request, "counseling/counselor.html", context)


def _booking_context(booking: Booking) -> dict[str, object]:
    moment = timezone.now()
    open_ = booking.status == Booking.Status.BOOKED and booking.starts > moment
    return {
        "booking": booking,
        "place": place_text(booking),
        "can_change": open_,
        "move_form": RescheduleForm(slots=free_slots(counselor=booking.counselor, now=moment))
        if open_
        else None,
        "screening_form": ScreeningForm() if open_ else None,
        "shared": booking.sealed_screening is not None,
    }


@require_GET
@role_required(EMPLOYEE)
def booking(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_booking_for_employee(request.user, code)
    return render(request, "counseling/booking.html", _booking_context(found))


@require_POST
@role_required(EMPLOYEE)
def booking_cancel(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_booking_for_employee(request.user, code)
    try:
        cancel_booking(booking=found, by=PARTY, now=timezone.now())
        messages.success(request, _("Janji dibatalkan. Anda bisa membuat janji baru kapan saja."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("counseling:booking", code=code)


@require_POST
@role_required(EMPLOYEE)
def booking_move(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_booking_for_employee(request.user, code)
    now = timezone.now()
    form = RescheduleForm(request.POST, slots=free_slots(counselor=found.counselor, now=now))
    if not form.is_valid():
        messages.error(request, _("Pilih salah satu waktu yang tersedia."))
        return redirect("counseling:booking", code=code)
    try:
        reschedule_booking(booking=found, starts=form.cleaned_data["starts"], by=PARTY, now=now)
        messages.success(request, _("Waktu janji dipindah."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("counseling:booking", code=code)


@require_POST
@role_required(EMPLOYEE)
def booking_screening(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_booking_for_employee(request.user, code)
    if request.POST.get("withdraw"):
        withdraw_screening(booking=found)
        messages.success(request, _("Hasil yang Anda bagikan sudah ditarik."))
        return redirect("counseling:booking", code=code)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            _share(found, form)
            messages.success(request, _("Hasil Anda dibagikan hanya kepada konselor janji ini."))
            return redirect("counseling:booking", code=code)
        except BookingError as error:
            form.add_error(None, str(error))
    context = _booking_context(found)
    context["screening_form"] = form
    return render(request, "counseling/booking.html", context, status=400)


def _share(found: Booking, form: ScreeningForm) -> None:
    share_screening(
        booking=found,
        instrument_id=form.cleaned_data["instrument"],
        answers=form.cleaned_data["answers"],
        total=form.cleaned_data["total"],
        now=timezone.now(),
    )


def _ics_response(found: Booking) -> HttpResponse:
    response = HttpResponse(
        booking_ics(booking=found, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="janji-temu.ics"'
    return response


@require_GET
@role_required(EMPLOYEE)
def booking_calendar(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _ics_response(get_booking_for_employee(request.user, code))


# Pseudonymous bookings: the booking code is the only key. It travels in POST bodies,
# never in a URL, so it does not end up in browser history or server logs.


@require_http_methods(["GET", "POST"])
def by_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "counseling/code.html", {"form": form})
    found = find_pseudonymous(text=form.cleaned_data["code"])
    if found is None or found.mode != Booking.Mode.PSEUDONYMOUS:
        form.add_error("code", _("Kode ini tidak kami kenali. Periksa lagi huruf dan angkanya."))
        return render(request, "counseling/code.html", {"form": form}, status=404)
    action = request.POST.get("action", "show")
    if action == "ics":
        return _ics_response(found)
    screening_form = None
    try:
        if action == "cancel":
            cancel_booking(booking=found, by=PARTY, now=timezone.now())
            messages.success(request, _("Janji dibatalkan."))
        elif action == "move":
            _move_by_code(request, found)
        elif action == "withdraw":
            withdraw_screening(booking=found)
            messages.success(request, _("Hasil yang Anda bagikan sudah ditarik."))
        elif action == "screening":
            screening_form = ScreeningForm(request.POST)
            if screening_form.is_valid():
                _share(found, screening_form)
                screening_form = None
                messages.success(
                    request, _("Hasil Anda dibagikan hanya kepada konselor janji ini.")
                )
    except BookingError as error:
        messages.error(request, str(error))
    found.refresh_from_db()
    context = _booking_context(found)
    if screening_form is not None:
        context["screening_form"] = screening_form
    receipt = boxes.normalize_receipt(form.cleaned_data["code"]) or ""
    context.update({"form": form, "code": boxes.format_receipt(receipt)})
    return render(request, "counseling/code.html", context)


def _move_by_code(request: HttpRequest, found: Booking) -> None:
    now = timezone.now()
    move = RescheduleForm(request.POST, slots=free_slots(counselor=found.counselor, now=now))
    if not move.is_valid():
        raise BookingError(_("Pilih salah satu waktu yang tersedia."))
    reschedule_booking(booking=found, starts=move.cleaned_data["starts"], by=PARTY, now=now)
    messages.success(request, _("Waktu janji dipindah."))

"""Counseling, counselor side (availability, schedule, notes, circles), plus HR's and
the lead counselor's capacity page and the admin's settings."""

import datetime
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.counseling.domain.availability import free_slots
from rehat.counseling.domain.booking import (
    BookingError,
    cancel_booking,
    read_contact,
    read_screening,
    record_attendance,
    reschedule_booking,
    service_config,
)
from rehat.counseling.domain.capacity import (
    capacity_by_counselor,
    capacity_by_month,
    next_free_wait,
    recent_months,
)
from rehat.counseling.domain.circles import (
    CircleError,
    cancel_circle,
    join_circle,
    leave_circle,
    open_circle,
    seat_holder,
    seat_of,
)
from rehat.counseling.domain.mail import place_text
from rehat.counseling.domain.notes import add_session_note, may_read_notes, read_session_notes
from rehat.counseling.forms import (
    AttendanceForm,
    CircleForm,
    ExceptionForm,
    JoinForm,
    NoteForm,
    ProfileForm,
    RescheduleForm,
    ServiceConfigForm,
    WeeklySlotForm,
)
from rehat.counseling.models import Booking, Circle, CircleSeat
from rehat.counseling.permissions import (
    get_booking_for_counselor,
    get_circle,
    profile_of,
)
from rehat.listening.permissions import CounselorRequest, counselor_required
from rehat.organizations.permissions import (
    ADMIN,
    COUNSELOR,
    EMPLOYEE,
    HR,
    LEAD_COUNSELOR,
    has_role,
    role_required,
)

PARTY = Booking.Party.COUNSELOR
SCHEDULE_DAYS_BACK = 30
SCHEDULE_LIMIT = 200


# Availability ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(COUNSELOR)
def availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    part = request.POST.get("part", "")
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data if part == "profile" else None, instance=profile)
    weekly_form = WeeklySlotForm(data if part == "weekly" else None, prefix="weekly")
    exception_form = ExceptionForm(data if part == "exception" else None, prefix="exception")
    if request.method == "POST":
        if part == "profile" and profile_form.is_valid():
            profile_form.save()
            return _saved(request)
        if part == "weekly" and weekly_form.is_valid():
            if profile.weekly_slots.filter(**weekly_form.cleaned_data).exists():
                weekly_form.add_error(None, _("Slot ini sudah ada."))
            else:
                weekly_form.instance.counselor = profile
                weekly_form.save()
                return _saved(request)
        if part == "exception" and exception_form.is_valid():
            exception_form.instance.counselor = profile
            exception_form.save()
            return _saved(request)
        if part == "remove-weekly":
            profile.weekly_slots.filter(pk=_int(request.POST.get("id"))).delete()
            return _saved(request)
        if part == "remove-exception":
            profile.exceptions.filter(pk=_int(request.POST.get("id"))).delete()
            return _saved(request)
    context = {
        "profile": profile,
        "profile_form": profile_form,
        "weekly_form": weekly_form,
        "exception_form": exception_form,
        "weekly": list(profile.weekly_slots.all()),
        "exceptions": list(profile.exceptions.filter(day__gte=timezone.localdate())),
        "preview": free_slots(counselor=profile, now=timezone.now(), days=14),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "counseling/availability.html", context, status=status)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    messages.success(request, _("Tersimpan."))
    return redirect("counseling:availability")


# Schedule and sessions -----------------------------------------------------------------


@require_GET
@counselor_required
def schedule(request: CounselorRequest) -> HttpResponse:
    """My bookings, recent and upcoming. No names here: they open on the booking page,
    where each read is audited."""
    profile = profile_of(request.user)
    since = timezone.now() - datetime.timedelta(days=SCHEDULE_DAYS_BACK)
    bookings = list(
        Booking.objects.filter(counselor=profile, starts__gte=since)
        .only("code", "starts", "ends", "mode", "status", "counselor_id")
        .order_by("starts")[:SCHEDULE_LIMIT]
    )
    circles = list(
        Circle.objects.filter(facilitator=profile, starts__gte=since)
        .annotate(taken=Count("seats"))
        .order_by("starts")
    )
    return render(request, "counseling/schedule.html", {"bookings": bookings, "circles": circles})


@require_GET
@counselor_required
def session(request: CounselorRequest, code: UUID) -> HttpResponse:
    config = service_config()
    found = get_booking_for_counselor(request.user, code, config)
    own = found.counselor.user_id == request.user.pk
    now = timezone.now()
    context: dict[str, object] = {"booking": found, "own": own, "place": place_text(found)}
    if own:
        context["contact"] = read_contact(booking=found, reader=request.user)
        context["screening"] = read_screening(booking=found, reader=request.user)
        context["note_form"] = NoteForm()
        context["attendance_form"] = AttendanceForm()
        if found.status == Booking.Status.BOOKED and found.starts > now:
            context["move_form"] = RescheduleForm(
                slots=free_slots(counselor=found.counselor, now=now)
            )
        context["can_record"] = found.starts <= now and found.status != Booking.Status.CANCELLED
    if may_read_notes(booking=found, user=request.user, config=config):
        context["notes"] = read_session_notes(booking=found, reader=request.user)
    return render(request, "counseling/session.html", context)


def _own_booking(request: CounselorRequest, code: UUID) -> Booking:
    found = get_booking_for_counselor(request.user, code, service_config())
    if found.counselor.user_id != request.user.pk:
        raise Http404  # the clinical lead reads notes; only the counselor acts
    return found


@require_POST
@counselor_required
def session_note(request: CounselorRequest, code: UUID) -> HttpResponse:
    found = _own_booking(request, code)
    form = NoteForm(request.POST)
    if form.is_valid():
        add_session_note(
            booking=found,
            author=request.user,
            text=form.cleaned_data["text"],
            config=service_config(),
            now=timezone.now(),
        )
        messages.success(request, _("Catatan tersimpan dan terkunci."))
    else:
        messages.error(request, _("Catatan kosong tidak disimpan."))
    return redirect("counseling:session", code=code)


@require_POST
@counselor_required
def session_cancel(request: CounselorRequest, code: UUID) -> HttpResponse:
    found = _own_booking(request, code)
    try:
        cancel_booking(booking=found, by=PARTY, now=timezone.now())
        messages.success(request, _("Janji dibatalkan; pegawai diberi tahu."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("counseling:session", code=code)


@require_POST
@counselor_required
def session_move(request: CounselorRequest, code: UUID) -> HttpResponse:
    found = _own_booking(request, code)
    now = timezone.now()
    form = RescheduleForm(request.POST, slots=free_slots(counselor=found.counselor, now=now))
    try:
        if not form.is_valid():
            raise BookingError(_("Pilih salah satu waktu yang tersedia."))
        reschedule_booking(booking=found, starts=form.cleaned_data["starts"], by=PARTY, now=now)
        messages.success(request, _("Waktu janji dipindah; pegawai diberi tahu."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("counseling:session", code=code)


@require_POST
@counselor_required
def session_attendance(request: CounselorRequest, code: UUID) -> HttpResponse:
    found = _own_booking(request, code)
    form = AttendanceForm(request.POST)
    try:
        if not form.is_valid():
            raise BookingError(_("Pilih hadir atau tidak hadir."))
        record_attendance(booking=found, attended=form.cleaned_data["attended"], now=timezone.now())
        messages.success(request, _("Kehadiran dicatat."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("counseling:session", code=code)


# Support circles --------------------------------------------------------------------


@require_GET
@role_required(EMPLOYEE, COUNSELOR)
def circles(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = list(
        Circle.objects.filter(status=Circle.Status.OPEN, starts__gt=now)
        .select_related("facilitator__user")
        .annotate(taken=Count("seats"))
        .order_by("starts")
    )
    holders = {seat_holder(circle=c, user=request.user): c.pk for c in upcoming}
    joined = (
        set(CircleSeat.objects.filter(holder__in=list(holders)).values_list("circle_id", flat=True))
        if holders
        else set()
    )
    context = {
        "circles": upcoming,
        "joined": joined,
        "can_open": has_role(request.user, COUNSELOR),
    }
    return render(request, "counseling/circles.html", context)


@require_http_methods(["GET", "POST"])
@role_required(COUNSELOR)
def circle_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = CircleForm(request.POST or None, initial={"place": profile.place})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["starts"] <= timezone.now():
            form.add_error("starts", _("Pilih waktu yang akan datang."))
        else:
            circle = open_circle(facilitator=profile, **form.cleaned_data)
            messages.success(request, _("Lingkaran dibuka."))
            return redirect("counseling:circle", code=circle.code)
    return render(request, "counseling/circle_new.html", {"form": form})


@require_GET
@role_required(EMPLOYEE, COUNSELOR)
def circle(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_circle(code)
    facilitating = found.facilitator.user_id == request.user.pk
    context: dict[str, object] = {
        "circle": found,
        "facilitating": facilitating,
        "taken": found.seats.count(),
    }
    if facilitating:
        context["seats"] = list(found.seats.all())  # display names: the facilitator's only
    else:
        context["seat"] = seat_of(circle=found, user=request.user)
        context["join_form"] = JoinForm()
    return render(request, "counseling/circle.html", context)


@require_POST
@role_required(EMPLOYEE)
def circle_join(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_circle(code)
    form = JoinForm(request.POST)
    try:
        if not form.is_valid():
            raise CircleError(_("Tulis nama panggilan Anda."))
        join_circle(
            circle=found,
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            now=timezone.now(),
        )
        messages.success(request, _("Anda terdaftar. Sampai jumpa di lingkaran."))
    except CircleError as error:
        messages.error(request, str(error))
    return redirect("counseling:circle", code=code)


@require_POST
@role_required(EMPLOYEE)
def circle_leave(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_circle(code)
    if leave_circle(circle=found, user=request.user):
        messages.success(request, _("Anda keluar dari lingkaran ini."))
    return redirect("counseling:circle", code=code)


@require_POST
@role_required(COUNSELOR)
def circle_cancel(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    found = get_circle(code)
    if found.facilitator.user_id != request.user.pk:
        raise Http404
    cancel_circle(circle=found)
    messages.success(request, _("Lingkaran dibatalkan."))
    return redirect("counseling:circle", code=code)


# Capacity and settings --------------------------------------------------------------


@require_GET
@role_required(HR, LEAD_COUNSELOR)
def capacity(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    context: dict[str, object] = {
        "months": capacity_by_month(
            months=recent_months(today=today), min_group=settings.REHAT_MIN_GROUP
        ),
        "wait": next_free_wait(now=now),
        "min_group": settings.REHAT_MIN_GROUP,
    }
    if has_role(request.user, LEAD_COUNSELOR):
        context["by_counselor"] = capacity_by_counselor(
            month=today, min_group=settings.REHAT_MIN_GROUP
        )
    return render(request, "counseling/capacity.html", context)


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def service_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ServiceConfigForm(request.POST or None, instance=service_config())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Tersimpan."))
        return redirect("counseling:settings")
    return render(request, "counseling/settings.html", {"form": form})

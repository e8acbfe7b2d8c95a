import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.leave.domain.balances import compute_balances
from rehat.leave.domain.calendar_file import build_ics
from rehat.leave.domain.checks import check_request, describe_letter_need
from rehat.leave.domain.confidential import read_letter, read_reason
from rehat.leave.domain.letter import build_letter_pdf
from rehat.leave.domain.reports import list_requests, list_unit_absences, summarize_leave
from rehat.leave.domain.workflow import (
    LeaveRefused,
    cancel_request,
    decide_request,
    recommend_request,
    submit_request,
)
from rehat.leave.forms import (
    DelegationForm,
    LeaveRequestForm,
    PeriodForm,
    ReportForm,
    StepForm,
)
from rehat.leave.models import Delegation, LeaveRequest
from rehat.leave.permissions import (
    can_cancel,
    can_decide,
    can_read_reason,
    can_recommend,
    get_own_request,
    get_readable_request,
    get_request_for_user,
    is_medical_reader,
    requests_to_act_on,
    sees_true_type,
)
from rehat.lib.htmx import is_htmx
from rehat.organizations.models import Employee
from rehat.organizations.permissions import EMPLOYEE, HR, LEADER, led_units, role_required

PAGE_SIZE = 50


def _today() -> datetime.date:
    return timezone.localdate()


def _employee(request: AuthenticatedHttpRequest) -> Employee:
    return Employee.objects.select_related("unit", "supervisor__user").get(user=request.user)


@role_required(EMPLOYEE)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = _employee(request)
    today = _today()
    requests = LeaveRequest.objects.filter(employee=employee).order_by("-start", "-pk")
    return render(
        request,
        "leave/home.html",
        {
            "employee": employee,
            "balances": compute_balances(employee=employee, year=today.year),
            "year": today.year,
            "requests": requests,
            "waiting": requests_to_act_on(request.user, on=today).count(),
        },
    )


def _check_form(form: LeaveRequestForm, employee: Employee, *, preview: bool) -> Any:
    data = form.cleaned_data
    check = check_request(
        employee=employee,
        leave_type=data["leave_type"],
        start=data["start"],
        end=data["end"],
        has_letter=preview or data["letter"] is not None,
        today=_today(),
        birth_order=data["birth_order"],
    )
    need = describe_letter_need(check=check) if preview else None
    if need:
        check.warnings.insert(0, need)
    return check


@role_required(EMPLOYEE)
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = _employee(request)
    form = LeaveRequestForm(request.POST or None, request.FILES or None, employee=employee)
    check, status = None, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = _check_form(form, employee, preview=False)
        if check.ok:
            try:
                created = submit_request(
                    employee=employee,
                    leave_type=data["leave_type"],
                    start=data["start"],
                    end=data["end"],
                    reason=data["reason"],
                    letter=data["letter"],
                    birth_order=data["birth_order"],
                    address=data["address"],
                    today=_today(),
                )
            except LeaveRefused as refused:
                check = refused.check
            else:
                messages.success(request, _("Permohonan cuti terkirim."))
                return redirect("leave:request-detail", code=created.code)
        status = 400
    elif request.method == "POST":
        status = 400
    context = {"form": form, "check": check, "employee": employee}
    return render(request, "leave/request_new.html", context, status=status)


@require_POST
@role_required(EMPLOYEE)
def request_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The explanation of the form as filled so far (htmx, on every change)."""
    employee = _employee(request)
    form = LeaveRequestForm(request.POST, employee=employee)
    check = None
    form.fields["reason"].required = False
    if form.is_valid():
        check = _check_form(form, employee, preview=True)
    return render(request, "leave/request_new.html#explanation", {"check": check})


def _detail_context(
    request: AuthenticatedHttpRequest, leave_request: LeaveRequest, **forms: Any
) -> dict[str, Any]:
    user, today = request.user, _today()
    return {
        "leave_request": leave_request,
        "category": leave_request.category(reveal=sees_true_type(user, leave_request)),
        "events": leave_request.events.all(),
        "is_owner": leave_request.employee.user_id == user.pk,
        "can_recommend": can_recommend(user, leave_request, on=today),
        "can_decide": can_decide(user, leave_request, on=today),
        "can_cancel": can_cancel(user, leave_request, on=today),
        "can_read_reason": can_read_reason(user, leave_request),
        "recommend_form": forms.get("recommend_form") or StepForm(prefix="recommend"),
        "decide_form": forms.get("decide_form") or StepForm(prefix="decide"),
    }


@role_required(EMPLOYEE, LEADER, HR)
def request_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    leave_request = get_request_for_user(request.user, code, on=_today())
    return render(request, "leave/request_detail.html", _detail_context(request, leave_request))


def _step(request: AuthenticatedHttpRequest, code: str, *, decide: bool) -> HttpResponse:
    today = _today()
    leave_request = get_request_for_user(request.user, code, on=today)
    allowed = can_decide if decide else can_recommend
    if not allowed(request.user, leave_request, on=today):
        raise PermissionDenied
    prefix = "decide" if decide else "recommend"
    form = StepForm(request.POST, prefix=prefix)
    if not form.is_valid():
        context = _detail_context(request, leave_request, **{f"{prefix}_form": form})
        return render(request, "leave/request_detail.html", context, status=400)
    step = decide_request if decide else recommend_request
    step(
        leave_request=leave_request,
        actor=request.user,
        outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
        today=today,
    )
    messages.success(request, _("Tanggapan Anda tersimpan."))
    return redirect("leave:request-detail", code=leave_request.code)


@require_POST
@role_required(EMPLOYEE, LEADER, HR)
def request_recommend(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _step(request, code, decide=False)


@require_POST
@role_required(EMPLOYEE, LEADER, HR)
def request_decide(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    return _step(request, code, decide=True)


@require_POST
@role_required(EMPLOYEE)
def request_cancel(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    today = _today()
    leave_request = get_own_request(request.user, code, on=today)
    if not can_cancel(request.user, leave_request, on=today):
        raise PermissionDenied
    cancel_request(leave_request=leave_request, actor=request.user, today=today)
    messages.success(request, _("Permohonan cuti dibatalkan."))
    return redirect("leave:request-detail", code=leave_request.code)


@role_required(HR)
def request_reason(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    leave_request = get_readable_request(request.user, code, on=_today())
    context = {
        "leave_request": leave_request,
        "category": leave_request.category(reveal=True),
        "reason": read_reason(actor=request.user, leave_request=leave_request),
    }
    return render(request, "leave/request_reason.html", context)


@role_required(HR)
def request_letter(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    leave_request = get_readable_request(request.user, code, on=_today())
    letter = read_letter(actor=request.user, leave_request=leave_request)
    if letter is None:
        raise Http404
    response = HttpResponse(letter.content, content_type=letter.content_type)
    response["Content-Disposition"] = f'attachment; filename="surat-{leave_request.code}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(EMPLOYEE, LEADER, HR)
def request_pdf(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    leave_request = get_request_for_user(request.user, code, on=_today())
    if leave_request.status != LeaveRequest.Status.APPROVED:
        raise Http404
    response = HttpResponse(build_letter_pdf(leave_request=leave_request), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-izin-cuti-{leave_request.code}.pdf"'
    return response


@role_required(EMPLOYEE)
def request_ics(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    leave_request = get_own_request(request.user, code, on=_today())
    if leave_request.status != LeaveRequest.Status.APPROVED:
        raise Http404
    response = HttpResponse(build_ics(leave_request=leave_request), "text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cuti-{leave_request.start}.ics"'
    return response


@role_required(EMPLOYEE, LEADER)
def approvals(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = (
        requests_to_act_on(request.user, on=_today())
        .select_related("employee__user", "employee__unit")
        .order_by("start", "pk")
    )
    labelled = [(item, item.category(reveal=False)) for item in rows]
    return render(request, "leave/approvals.html", {"rows": labelled})


@role_required(EMPLOYEE, LEADER)
def delegation(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DelegationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        Delegation.objects.create(
            from_user=request.user,
            to_user=form.cleaned_data["to_user"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        messages.success(request, _("Pendelegasian tersimpan."))
        return redirect("leave:delegation")
    rows = Delegation.objects.filter(from_user=request.user, end__gte=_today()).select_related(
        "to_user"
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "leave/delegation.html", {"form": form, "rows": rows}, status=status)


@require_POST
@role_required(EMPLOYEE, LEADER)
def delegation_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    deleted, _rows = Delegation.objects.filter(pk=pk, from_user=request.user).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Pendelegasian dihapus."))
    return redirect("leave:delegation")


@role_required(LEADER)
def unit_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period(_today())
    rows = [
        (item, item.category(reveal=False))
        for item in list_unit_absences(units=led_units(request.user), start=start, end=end)
    ]
    template = "leave/unit_calendar.html" + ("#rows" if is_htmx(request) else "")
    context = {"form": form, "rows": rows, "start": start, "end": end}
    return render(request, template, context)


@role_required(HR)
def hr_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    year, unit = _today().year, None
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        unit = form.cleaned_data["unit"]
    summary = summarize_leave(year=year, unit=unit, min_group=settings.REHAT_MIN_GROUP)
    medical = is_medical_reader(request.user)
    page = Paginator(list_requests(year=year, unit=unit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "year": year,
        "summary": summary,
        "min_group": settings.REHAT_MIN_GROUP,
        "page": page,
        "rows": [(item, item.category(reveal=medical)) for item in page],
    }
    return render(request, "leave/hr_report.html", context)

import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.audit.domain import build_entry, diff, log_action
from rehat.audit.models import Entry
from rehat.leave.domain.balances import compute_balances, get_service_start
from rehat.leave.domain.calendar_file import build_ics
from rehat.leave.domain.checks import check_request, describe_letter_need
from rehat.leave.domain.confidential import read_letter, read_reason
from rehat.leave.domain.letter import build_letter_pdf
from rehat.leave.domain.reports import (
    export_summary_csv,
    list_requests,
    list_unit_absences,
    summarize_leave,
)
from rehat.leave.domain.rules import get_policy, legal_rule
from rehat.leave.domain.workflow import (
    CannotPostpone,
    LeaveRefused,
    cancel_request,
    decide_request,
    recommend_request,
    submit_request,
)
from rehat.leave.forms import (
    AuthorityForm,
    BalanceAdjustmentForm,
    DelegationForm,
    EmployeeSearchForm,
    HolidayStaffForm,
    LeaveRequestForm,
    MedicalReaderForm,
    PeriodForm,
    PolicyForm,
    ReportForm,
    RuleAdjustmentForm,
    ServiceStartForm,
    StepForm,
)
from rehat.leave.models import (
    Authority,
    BalanceAdjustment,
    Delegation,
    HolidayStaff,
    LeaveRequest,
    LeaveType,
    MedicalReader,
    RuleAdjustment,
    ServiceStart,
)
from rehat.leave.permissions import (
    can_cancel,
    can_decide,
    can_read_reason,
    can_recommend,
    get_adjustment_for_user,
    get_authority_for_user,
    get_employee_for_leave_admin,
    get_medical_reader_for_user,
    get_own_request,
    get_readable_request,
    get_request_for_user,
    is_medical_reader,
    requests_to_act_on,
    sees_true_type,
)
from rehat.lib.htmx import is_htmx
from rehat.organizations.models import Employee
from rehat.organizations.permissions import (
    ADMIN,
    EMPLOYEE,
    HR,
    LEADER,
    led_units,
    role_required,
)

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
        details=form.details(),
    )
    need = describe_letter_need(check=check) if preview else None
    if need:
        check.warnings.insert(0, need)
    return check


def _refreshed_form(request: AuthenticatedHttpRequest, employee: Employee) -> LeaveRequestForm:
    """Without JavaScript, "Tampilkan pertanyaan" shows the questions of the chosen type:
    the answers so far come back as initial values, nothing is checked or sent."""
    initial = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    return LeaveRequestForm(initial=initial, employee=employee, today=_today())


@role_required(EMPLOYEE)
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = _employee(request)
    if request.method == "POST" and "refresh" in request.POST:
        form = _refreshed_form(request, employee)
        context = {"form": form, "check": None, "employee": employee}
        return render(request, "leave/request_new.html", context)
    form = LeaveRequestForm(
        request.POST or None, request.FILES or None, employee=employee, today=_today()
    )
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
                    details=form.details(),
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
    """The explanation of the form as filled so far (htmx, on every change). When the leave
    type changed, the questions of the new type come along (an out-of-band swap)."""
    employee = _employee(request)
    form = LeaveRequestForm(request.POST, employee=employee, today=_today())
    check = None
    form.fields["reason"].required = False
    if form.is_valid():
        check = _check_form(form, employee, preview=True)
    html = render_to_string("leave/request_new.html#explanation", {"check": check}, request=request)
    if request.POST.get("details_for") != form.chosen_type():
        html += render_to_string(
            "leave/request_new.html#details", {"form": form, "oob": True}, request=request
        )
    return HttpResponse(html)


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
    try:
        step(
            leave_request=leave_request,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            today=today,
        )
    except CannotPostpone:
        form.add_error(
            "outcome",
            _(
                "Cuti besar untuk persalinan anak keempat atau seterusnya tidak dapat "
                "ditangguhkan (PP 11/2017 Pasal 327). Pilih disetujui atau ditolak."
            ),
        )
        context = _detail_context(request, leave_request, **{f"{prefix}_form": form})
        return render(request, "leave/request_detail.html", context, status=400)
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


def _report_query(request: AuthenticatedHttpRequest) -> str:
    """The filters of the report, for the CSV link and the page links."""
    keep = {key: request.GET.get(key, "") for key in ("start", "end", "unit", "leave_type")}
    return "&".join(f"{key}={quote(value)}" for key, value in keep.items() if value)


@role_required(HR)
def hr_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportForm(request.GET, today=_today())
    if not form.is_valid():
        invalid: dict[str, Any] = {"form": form, "min_group": settings.REHAT_MIN_GROUP}
        return render(request, "leave/hr_report.html", invalid, status=400)
    data = form.cleaned_data
    start, end, unit = data["start"], data["end"], data["unit"]
    leave_type = data["leave_type"] or None
    summary = summarize_leave(
        start=start,
        end=end,
        unit=unit,
        leave_type=leave_type,
        min_group=settings.REHAT_MIN_GROUP,
    )
    medical = is_medical_reader(request.user)
    requests = list_requests(start=start, end=end, unit=unit, leave_type=leave_type)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "start": start,
        "end": end,
        "summary": summary,
        "min_group": settings.REHAT_MIN_GROUP,
        "page": page,
        "query": _report_query(request),
        "rows": [(item, item.category(reveal=medical)) for item in page],
    }
    return render(request, "leave/hr_report.html", context)


@role_required(HR)
def hr_report_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The summary table of the report page, with the same filters, as CSV. No request rows."""
    form = ReportForm(request.GET, today=_today())
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    min_group = settings.REHAT_MIN_GROUP
    summary = summarize_leave(
        start=data["start"],
        end=data["end"],
        unit=data["unit"],
        leave_type=data["leave_type"] or None,
        min_group=min_group,
    )
    response = HttpResponse(
        export_summary_csv(summary=summary, min_group=min_group),
        content_type="text/csv; charset=utf-8",
    )
    scope = data["unit"].code if data["unit"] else "instansi"
    name = f"rekap-cuti-{scope}-{data['start']}-{data['end']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Pejabat berwenang ------------------------------------------------------------


def _authority_rows() -> list[Authority]:
    return list(Authority.objects.select_related("unit", "user").order_by("unit__path"))


@role_required(HR, ADMIN)
def hr_authorities(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = Authority.objects.create(
            unit=form.cleaned_data["unit"],
            user=form.cleaned_data["person"],
            title=form.cleaned_data["title"],
        )
        log_action(
            actor=request.user,
            action=Entry.Action.CREATE,
            target=row,
            changes={"unit": row.unit.code, "user": row.user.email, "title": row.title},
        )
        messages.success(
            request,
            _("%(name)s kini pejabat berwenang memberikan cuti untuk %(unit)s.")
            % {"name": row.user.name, "unit": row.unit.name},
        )
        return redirect("leave:hr-authorities")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "rows": _authority_rows()}
    return render(request, "leave/hr_authorities.html", context, status=status)


@role_required(HR, ADMIN)
def hr_authority_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_authority_for_user(request.user, pk)
    form = AuthorityForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        new = {"user": form.cleaned_data["person"], "title": form.cleaned_data["title"]}
        changes = diff(row, new)
        row.user, row.title = new["user"], new["title"]
        row.save(update_fields=["user", "title"])
        if changes:
            log_action(actor=request.user, action=Entry.Action.UPDATE, target=row, changes=changes)
        messages.success(
            request, _("Pejabat berwenang %(unit)s tersimpan.") % {"unit": row.unit.name}
        )
        return redirect("leave:hr-authorities")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "row": row}
    return render(request, "leave/hr_authority_edit.html", context, status=status)


@require_POST
@role_required(HR, ADMIN)
def hr_authority_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_authority_for_user(request.user, pk)
    log_action(
        actor=request.user,
        action=Entry.Action.DELETE,
        target=row,
        changes={"unit": row.unit.code, "user": row.user.email},
    )
    row.delete()
    messages.success(
        request,
        _("Pejabat berwenang %(unit)s dihapus. Permohonan yang sudah diajukan tidak berubah.")
        % {"unit": row.unit.name},
    )
    return redirect("leave:hr-authorities")


# --- SDM bidang kesehatan ---------------------------------------------------------


@role_required(HR)
def hr_medical_readers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who may read sick and recovery leave reasons: names only, never why."""
    form = MedicalReaderForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["person"]
        row = MedicalReader.objects.create(user=user, granted_by=request.user.name)
        log_action(
            actor=request.user,
            action=Entry.Action.GRANT,
            target=row,
            changes={"medical_reader": user.email},
        )
        messages.success(
            request,
            _("%(name)s sekarang dapat membaca alasan cuti dan surat keterangan.")
            % {"name": user.name},
        )
        return redirect("leave:hr-medical")
    rows = MedicalReader.objects.select_related("user").order_by("user__name", "pk")
    status = 400 if request.method == "POST" else 200
    return render(request, "leave/hr_medical.html", {"form": form, "rows": rows}, status=status)


@require_POST
@role_required(HR)
def hr_medical_reader_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_medical_reader_for_user(request.user, pk)
    log_action(
        actor=request.user,
        action=Entry.Action.REVOKE,
        target=row,
        changes={"medical_reader": row.user.email},
    )
    row.delete()
    messages.success(
        request, _("%(name)s tidak lagi membaca alasan cuti.") % {"name": row.user.name}
    )
    return redirect("leave:hr-medical")


# --- Kebijakan dan aturan instansi --------------------------------------------------


@role_required(HR, ADMIN)
def hr_policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy = get_policy()
    before = {name: getattr(policy, name) for name in PolicyForm.Meta.fields}
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: [before[name], form.cleaned_data[name]]
            for name in PolicyForm.Meta.fields
            if before[name] != form.cleaned_data[name]
        }
        form.save()
        if changes:
            log_action(
                actor=request.user, action=Entry.Action.UPDATE, target=policy, changes=changes
            )
        messages.success(request, _("Kebijakan cuti tersimpan."))
        return redirect("leave:hr-policy")
    status = 400 if request.method == "POST" else 200
    return render(request, "leave/hr_policy.html", {"form": form}, status=status)


def _adjustment_rows() -> list[tuple[RuleAdjustment, int | None]]:
    rows = RuleAdjustment.objects.order_by("regime", "leave_type", "field")
    result = []
    for row in rows:
        rule = legal_rule(regime=row.regime, leave_type=row.leave_type)
        result.append((row, getattr(rule, row.field, None) if rule else None))
    return result


@role_required(HR, ADMIN)
def hr_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RuleAdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row, created = RuleAdjustment.objects.get_or_create(
            regime=data["regime"],
            leave_type=data["leave_type"],
            field=data["field"],
            defaults={"value": data["value"]},
        )
        if created:
            log_action(
                actor=request.user,
                action=Entry.Action.CREATE,
                target=row,
                changes={"value": row.value},
            )
        elif row.value != data["value"]:
            changes = {"value": [row.value, data["value"]]}
            row.value = data["value"]
            row.save(update_fields=["value"])
            log_action(actor=request.user, action=Entry.Action.UPDATE, target=row, changes=changes)
        messages.success(request, _("Aturan instansi tersimpan."))
        return redirect("leave:hr-rules")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "rows": _adjustment_rows()}
    return render(request, "leave/hr_rules.html", context, status=status)


@require_POST
@role_required(HR, ADMIN)
def hr_rule_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = get_adjustment_for_user(request.user, pk)
    log_action(
        actor=request.user, action=Entry.Action.DELETE, target=row, changes={"value": row.value}
    )
    row.delete()
    messages.success(request, _("Aturan instansi dihapus; kembali ke batas peraturan."))
    return redirect("leave:hr-rules")


# --- Pegawai: masa kerja dan penyesuaian saldo ----------------------------------------


@role_required(HR)
def hr_employees(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EmployeeSearchForm(request.GET or None)
    employees = Employee.objects.select_related("user", "unit").order_by("user__name", "pk")
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
    if query:
        employees = employees.filter(
            Q(user__name__icontains=query) | Q(nip__startswith=query.replace(" ", ""))
        )
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "leave/hr_employees.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, {"form": form, "page": page, "q": query})


def _employee_context(
    request: AuthenticatedHttpRequest, employee: Employee, **forms: Any
) -> dict[str, Any]:
    today = _today()
    medical = is_medical_reader(request.user)
    own_start = ServiceStart.objects.filter(employee=employee).first()
    holiday_staff = HolidayStaff.objects.filter(employee=employee).first()
    return {
        "employee": employee,
        "year": today.year,
        "balances": [
            (balance, LeaveType(balance.leave_type).label)
            for balance in compute_balances(employee=employee, year=today.year)
            # Recovery use tells recovery from sick leave: medical HR alone sees it.
            if balance.leave_type != LeaveType.PEMULIHAN or medical
        ],
        "service_start": get_service_start(employee=employee),
        "own_start": own_start,
        "adjustments": BalanceAdjustment.objects.filter(employee=employee)
        .select_related("created_by")
        .order_by("-year", "-created", "-pk"),
        "start_form": forms.get("start_form")
        or ServiceStartForm(initial={"date": own_start.date if own_start else None}, today=today),
        "adjustment_form": forms.get("adjustment_form")
        or BalanceAdjustmentForm(initial={"year": today.year}),
        "holiday_staff": holiday_staff,
        "holiday_form": forms.get("holiday_form")
        or HolidayStaffForm(initial={"note": holiday_staff.note if holiday_staff else ""}),
    }


@role_required(HR)
def hr_employee(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_leave_admin(request.user, code)
    return render(request, "leave/hr_employee.html", _employee_context(request, employee))


@require_POST
@role_required(HR)
def hr_employee_service_start(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_leave_admin(request.user, code)
    form = ServiceStartForm(request.POST, today=_today())
    if not form.is_valid():
        context = _employee_context(request, employee, start_form=form)
        return render(request, "leave/hr_employee.html", context, status=400)
    day = form.cleaned_data["date"]
    row = ServiceStart.objects.filter(employee=employee).first()
    if day is None:
        if row is not None:
            log_action(
                actor=request.user,
                action=Entry.Action.DELETE,
                target=row,
                changes={"date": str(row.date)},
            )
            row.delete()
        messages.success(request, _("Masa kerja kembali dihitung dari NIP."))
    elif row is None:
        row = ServiceStart.objects.create(employee=employee, date=day)
        log_action(
            actor=request.user, action=Entry.Action.CREATE, target=row, changes={"date": str(day)}
        )
        messages.success(request, _("Mulai masa kerja tersimpan."))
    elif row.date != day:
        changes = {"date": [str(row.date), str(day)]}
        row.date = day
        row.save(update_fields=["date"])
        log_action(actor=request.user, action=Entry.Action.UPDATE, target=row, changes=changes)
        messages.success(request, _("Mulai masa kerja tersimpan."))
    return redirect("leave:hr-employee", code=employee.user.code)


@require_POST
@role_required(HR)
def hr_employee_adjustment(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_leave_admin(request.user, code)
    form = BalanceAdjustmentForm(request.POST)
    if not form.is_valid():
        context = _employee_context(request, employee, adjustment_form=form)
        return render(request, "leave/hr_employee.html", context, status=400)
    row = BalanceAdjustment.objects.create(
        employee=employee,
        year=form.cleaned_data["year"],
        workdays=form.cleaned_data["workdays"],
        note=form.cleaned_data["note"],
        created_by=request.user,
    )
    # The reason stays out of the log: it is HR's note about a person, and the model's
    # str() (the usual target_repr) carries it.
    entry = build_entry(
        actor=request.user,
        action=Entry.Action.CREATE,
        target=row,
        changes={"employee": employee.nip, "year": row.year, "workdays": row.workdays},
    )
    entry.target_repr = f"{row.year} {row.workdays:+d}"
    entry.save()
    messages.success(request, _("Penyesuaian saldo tersimpan."))
    return redirect("leave:hr-employee", code=employee.user.code)


# --- Guru dan dosen dengan libur sekolah ------------------------------------------------


@role_required(HR)
def hr_holiday_staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Teachers and lecturers marked as getting the school or academic holidays."""
    rows = HolidayStaff.objects.select_related("employee__user", "employee__unit").order_by(
        "employee__user__name", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "leave/hr_holiday_staff.html", {"page": page})


@require_POST
@role_required(HR)
def hr_employee_holiday_staff(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Mark the employee (or change the note of the mark)."""
    employee = get_employee_for_leave_admin(request.user, code)
    form = HolidayStaffForm(request.POST)
    if not form.is_valid():
        context = _employee_context(request, employee, holiday_form=form)
        return render(request, "leave/hr_employee.html", context, status=400)
    note = form.cleaned_data["note"].strip()
    row = HolidayStaff.objects.filter(employee=employee).first()
    if row is None:
        row = HolidayStaff.objects.create(employee=employee, note=note)
        log_action(
            actor=request.user,
            action=Entry.Action.CREATE,
            target=row,
            changes={"employee": employee.nip},
        )
        messages.success(
            request,
            _(
                "%(name)s ditandai mendapat libur sekolah atau libur akademik: saldo cuti "
                "tahunannya 0."
            )
            % {"name": employee.user.name},
        )
    elif row.note != note:
        row.note = note
        row.save(update_fields=["note"])
        # The note itself stays out of the log, as every note does (audit._FORBIDDEN_KEYS).
        log_action(
            actor=request.user,
            action=Entry.Action.UPDATE,
            target=row,
            changes={"employee": employee.nip, "keterangan": "diubah"},
        )
        messages.success(request, _("Keterangan tersimpan."))
    return redirect("leave:hr-employee", code=employee.user.code)


@require_POST
@role_required(HR)
def hr_employee_holiday_staff_delete(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_leave_admin(request.user, code)
    row = HolidayStaff.objects.filter(employee=employee).first()
    if row is None:
        raise Http404
    log_action(
        actor=request.user,
        action=Entry.Action.DELETE,
        target=row,
        changes={"employee": employee.nip},
    )
    row.delete()
    messages.success(
        request,
        _("Tanda libur sekolah %(name)s dihapus; hak cuti tahunannya kembali berlaku.")
        % {"name": employee.user.name},
    )
    return redirect("leave:hr-employee", code=employee.user.code)

"""Leader and HR dashboards, action plans, exports and reports. Released rows only."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.insights.climate import open_climate_survey
from rehat.insights.domain.alerts import alert_rule
from rehat.insights.domain.dashboard import (
    HEAT_PERIODS,
    METRICS,
    heat_map,
    period_label,
    unit_page,
)
from rehat.insights.domain.plans import (
    create_action_plan,
    mark_helpful,
    plans_for_units,
    units_with_plans,
)
from rehat.insights.domain.read import AGENCY
from rehat.insights.domain.reports import export_csv
from rehat.insights.forms import ActionPlanForm, ClimateSurveyForm, HeatMapForm, ReportForm
from rehat.insights.models import Alert, Report
from rehat.insights.permissions import (
    get_dashboard_unit,
    get_plan_for_employee,
    get_plan_unit,
    get_report_for_user,
    units_above,
)
from rehat.insights.tasks import generate_report_task
from rehat.organizations.models import Unit
from rehat.organizations.permissions import (
    EMPLOYEE,
    HR,
    LEADER,
    has_role,
    led_units,
    role_required,
)


@require_GET
@role_required(LEADER, HR)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if has_role(request.user, HR):
        return redirect("insights:hr")
    roots = led_units(request.user).order_by("depth", "path")
    return redirect("insights:unit", code=roots[0].code) if roots else redirect("accounts:home")


@require_GET
@role_required(LEADER, HR)
def unit_dashboard(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_dashboard_unit(request.user, code)
    # Only HR is let in without leading the unit; for anyone else the check is done.
    leads = not has_role(request.user, HR) or (
        has_role(request.user, LEADER) and led_units(request.user).filter(pk=unit.pk).exists()
    )
    return render(request, "insights/unit.html", _unit_context(unit=unit, leads=leads))


def _unit_context(*, unit: Unit, leads: bool, form: ActionPlanForm | None = None) -> dict[str, Any]:
    return {
        "page": unit_page(unit=unit, yours=leads),
        "can_plan": leads,
        "form": form or ActionPlanForm(),
        "plans": plans_for_units(unit_ids=[unit.pk]),
        "alerts": [(a, period_label(a.last_period)) for a in Alert.objects.filter(unit=unit)[:5]],
    }


@require_GET
@role_required(HR)
def hr_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HeatMapForm(request.GET)
    if not form.is_valid():
        raise Http404
    node = (
        get_dashboard_unit(request.user, form.cleaned_data["unit"])
        if form.cleaned_data["unit"]
        else None
    )
    metric = form.cleaned_data["metric"] or "who5_mean"
    count = form.cleaned_data["periods"] or HEAT_PERIODS[0]
    periods, rows = heat_map(node=node, metric=metric, count=count)
    context = {
        "form": form,
        "node": node,
        "trail": Unit.objects.filter(pk__in=node.ancestor_ids()).order_by("depth") if node else [],
        "metric": metric,
        "metric_label": METRICS[metric][0],
        "count": count,
        "periods": periods,
        "rows": rows,
        "plans": units_with_plans(),
        "alerts": Alert.objects.select_related("unit")[:20],
        "rule": alert_rule(),
        "climate_form": ClimateSurveyForm(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "insights/hr.html#heat", context)
    return render(request, "insights/hr.html", context)


@require_POST
@role_required(LEADER)
def plan_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_plan_unit(request.user, code)
    form = ActionPlanForm(request.POST)
    if not form.is_valid():
        context = _unit_context(unit=unit, leads=True, form=form)
        return render(request, "insights/unit.html", context, status=400)
    create_action_plan(
        unit=unit,
        author=request.user,
        heard=form.cleaned_data["heard"],
        will_do=form.cleaned_data["will_do"],
        due=form.cleaned_data["due"],
    )
    messages.success(request, _("Rencana tersimpan. Pegawai unit Anda akan melihatnya di beranda."))
    return redirect("insights:unit", code=unit.code)


@require_GET
@role_required(EMPLOYEE)
def plans_for_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = plans_for_units(unit_ids=units_above(request.user))
    template = (
        "insights/includes/plans.html"
        if request.headers.get("HX-Request")
        else "insights/plans.html"
    )
    # The partial is what a home page loads with htmx: employees mark plans there too.
    return render(request, template, {"plans": plans, "can_mark": True})


@require_POST
@role_required(EMPLOYEE)
def plan_helpful(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    plan = get_plan_for_employee(request.user, str(code))
    if mark_helpful(plan=plan, user=request.user):
        messages.success(request, _("Terima kasih. Pimpinan unit hanya melihat jumlahnya."))
    return redirect("insights:plans")


@require_GET
@role_required(LEADER, HR)
def csv_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    code = request.GET.get("unit", "")
    if code:
        unit = get_dashboard_unit(request.user, code)
        units = [u.code for u in unit.subtree()]
    elif has_role(request.user, HR):
        units = None
    else:
        units = [u.code for u in led_units(request.user)]
    response = HttpResponse(export_csv(units=units), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rehat-rilis-{code or "instansi"}.csv"'
    return response


REPORT_LIST_LIMIT = 50


@require_http_methods(["GET", "POST"])
@role_required(LEADER, HR)
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the reports this person asked for (newest first); POST: ask for a new one."""
    if request.method == "POST":
        return _create_report(request)
    mine = (
        Report.objects.filter(requested_by=request.user)
        .select_related("unit")
        .defer("pdf")
        .order_by("-created")[:REPORT_LIST_LIMIT]
    )
    return render(request, "insights/reports.html", {"reports": mine})


def _create_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportForm(request.POST)
    if not form.is_valid():
        raise Http404
    code = form.cleaned_data["unit"]
    if code:
        unit: Unit | None = get_dashboard_unit(request.user, code)
    elif has_role(request.user, HR):
        unit = None
    else:
        raise PermissionDenied
    report = Report.objects.create(unit=unit, requested_by=request.user)
    transaction.on_commit(lambda: generate_report_task.enqueue(report_id=report.pk))
    return redirect("insights:report", code=report.code)


@require_GET
@role_required(LEADER, HR)
def report_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, str(code))
    context = {"report": report, "agency": AGENCY}
    if request.headers.get("HX-Request"):
        return render(request, "insights/report.html#progress", context)
    return render(request, "insights/report.html", context)


@require_GET
@role_required(LEADER, HR)
def report_download(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, str(code))
    if report.status != Report.Status.DONE:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    name = report.unit.code if report.unit else "instansi"
    response["Content-Disposition"] = f'attachment; filename="rehat-laporan-{name}.pdf"'
    return response


@require_POST
@role_required(HR)
def climate_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClimateSurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa tanggal survei iklim tim."))
        return redirect("insights:hr")
    period = open_climate_survey(starts=form.cleaned_data["starts"], ends=form.cleaned_data["ends"])
    messages.success(
        request,
        _("Survei iklim tim %(code)s dibuka untuk semua unit. Pegawai mengisinya di Cek kabar.")
        % {"code": period.code},
    )
    return redirect("insights:hr")

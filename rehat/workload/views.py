"""ABK pages: the overview per unit, a unit, a position with its duties and what-if,
the policy, the import and the exports. HR edits; admins and leaders read."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.lib.htmx import is_htmx
from rehat.organizations.domain.import_report import ImportReport
from rehat.organizations.domain.tables import FileRejected
from rehat.organizations.models import Agency, Unit
from rehat.organizations.permissions import get_unit_for_user, role_required
from rehat.workload.domain import abk
from rehat.workload.domain.abk_form import build_form_template, describe_form
from rehat.workload.domain.editing import (
    create_position,
    delete_position,
    save_duties,
    update_policy,
    update_position,
)
from rehat.workload.domain.export import build_form_d, build_raw_csv
from rehat.workload.domain.importer import (
    ImportRefused,
    apply_duty_import,
    build_duty_template,
    create_duty_import,
    describe_duty_columns,
)
from rehat.workload.domain.report import (
    PositionRow,
    build_report,
    compute_row,
    count_incumbents,
    duty_inputs,
    get_policy,
    normalize_position_name,
    sum_units,
)
from rehat.workload.domain.wellbeing import (
    AFTER_HOURS_DAYS,
    attach_after_hours,
    place_points,
    released_figures,
)
from rehat.workload.forms import (
    ApplyForm,
    DutyFormSet,
    DutyImportForm,
    IncumbentsForm,
    PolicyForm,
    PositionForm,
    duties_from,
)
from rehat.workload.models import DutyImport, Position
from rehat.workload.permissions import (
    EDITORS,
    READERS,
    can_edit,
    get_position_for_user,
    get_rw_position_for_user,
    visible_units,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_PER_PAGE = 100


def _scope(request: AuthenticatedHttpRequest) -> QuerySet[Unit]:
    """The units of a page or export: all visible, or one visible unit's subtree (?unit=)."""
    code = request.GET.get("unit", "")
    if not code:
        return visible_units(request.user)
    return get_unit_for_user(request.user, code).subtree()


@require_GET
@role_required(*READERS)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy = get_policy()
    units = visible_units(request.user)
    rows = build_report(units=units, policy=policy)
    period, figures = released_figures(unit_codes=[r.unit.code for r in rows])
    for row in rows:
        row.figures = figures.get(row.unit.code)
    attach_after_hours(rows=rows)
    points = place_points(
        items=[
            (r.unit.name, r.total.ej if r.total else None, f.burnout if (f := r.figures) else None)
            for r in rows
        ]
    )
    context = {
        "rows": rows,
        "period": period,
        "points": points,
        "total": sum_units(rows=rows, policy=policy),
        "policy": policy,
        "can_edit": can_edit(request.user),
        "short_units": [r for r in rows if r.total and r.total.short_staffed],
        "overloaded": [p for r in rows for p in r.positions if p.result.overloaded],
        "after_hours_days": AFTER_HOURS_DAYS,
    }
    return render(request, "workload/overview.html", context)


@require_GET
@role_required(*READERS)
def unit_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    policy = get_policy()
    rows = build_report(units=unit.subtree(), policy=policy)
    attach_after_hours(rows=rows)
    context = {
        "unit": unit,
        "row": rows[0],
        "children": rows[1:],
        "subtree_total": sum_units(rows=rows, policy=policy),
        "policy": policy,
        "can_edit": can_edit(request.user),
        "form": PositionForm(unit_id=unit.pk),
        "after_hours_days": AFTER_HOURS_DAYS,
    }
    return render(request, "workload/unit_detail.html", context)


@require_POST
@role_required(*EDITORS)
def position_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    form = PositionForm(request.POST, unit_id=unit.pk)
    if form.is_valid():
        position = create_position(
            actor=request.user,
            unit=unit,
            name=form.cleaned_data["name"],
            incumbents=form.cleaned_data["incumbents"],
            effective_minutes=form.cleaned_data["effective_minutes"],
        )
        messages.success(request, _("Jabatan ditambahkan. Sekarang isi uraian tugasnya."))
        return redirect("workload:position-detail", code=position.code)
    return render(request, "workload/position_form.html", {"form": form, "unit": unit}, status=400)


def _position_context(
    request: AuthenticatedHttpRequest, position: Position, data: Any = None
) -> dict[str, Any]:
    """The duty table and incumbents, from the database or from a posted what-if."""
    policy = get_policy()
    duties = list(position.duties.all())
    counted = count_incumbents(unit_ids=[position.unit_id])[
        (position.unit_id, normalize_position_name(name=position.name))
    ]
    saved = compute_row(
        position=position,
        duties=duty_inputs(duties=duties),
        incumbents_counted=counted,
        policy=policy,
    )
    if data is None:
        initial = [
            {
                "code": str(d.code),
                "description": d.description,
                "result_unit": d.result_unit,
                "volume": d.volume,
                "minutes": d.minutes,
            }
            for d in duties
        ]
        formset = DutyFormSet(initial=initial, prefix="duty")
        incumbents_form = IncumbentsForm(initial={"incumbents": position.incumbents})
        what_if: PositionRow | None = None
    else:
        formset = DutyFormSet(data, prefix="duty")
        incumbents_form = IncumbentsForm(data)
        what_if = None
        if formset.is_valid() and incumbents_form.is_valid():
            what_if = compute_row(
                position=position,
                duties=[
                    abk.DutyInput(volume=d.volume, minutes=d.minutes)
                    for d in duties_from(formset=formset)
                ],
                incumbents_counted=counted,
                policy=policy,
                incumbents=incumbents_form.cleaned_data["incumbents"],
            )
    return {
        "position": position,
        "unit": position.unit,
        "saved": saved,
        "what_if": what_if,
        "formset": formset,
        "incumbents_form": incumbents_form,
        "policy": policy,
        "can_edit": can_edit(request.user),
    }


@require_http_methods(["GET", "POST"])
@role_required(*READERS)
def position_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    if request.method == "GET":
        position = get_position_for_user(request.user, code)
        context = _position_context(request, position)
        return render(request, "workload/position_detail.html", context)
    position = get_rw_position_for_user(request.user, code)
    context = _position_context(request, position, request.POST)
    formset, incumbents_form = context["formset"], context["incumbents_form"]
    if context["what_if"] is None:
        return render(request, "workload/position_detail.html", context, status=400)
    counts = save_duties(
        actor=request.user,
        position=position,
        duties=duties_from(formset=formset),
        incumbents=incumbents_form.cleaned_data["incumbents"],
    )
    messages.success(
        request,
        _("Tersimpan: %(created)s uraian baru, %(updated)s diubah, %(deleted)s dihapus.") % counts,
    )
    return redirect("workload:position-detail", code=position.code)


@require_POST
@role_required(*READERS)
def position_what_if(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Recalculate with the posted numbers without saving; htmx gets the result partial."""
    position = get_position_for_user(request.user, code)
    context = _position_context(request, position, request.POST)
    template = "workload/position_detail.html"
    if is_htmx(request):
        template += "#result"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def position_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    position = get_rw_position_for_user(request.user, code)
    if request.method == "POST":
        copy = Position.objects.get(pk=position.pk)  # the form changes its instance
        form = PositionForm(request.POST, instance=copy, unit_id=position.unit_id)
        if form.is_valid():
            update_position(actor=request.user, position=position, values=form.cleaned_data)
            messages.success(request, _("Jabatan disimpan."))
            return redirect("workload:position-detail", code=position.code)
    else:
        form = PositionForm(instance=position, unit_id=position.unit_id)
    return render(
        request,
        "workload/position_form.html",
        {"form": form, "unit": position.unit, "position": position},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(*EDITORS)
def position_delete(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    position = get_rw_position_for_user(request.user, code)
    unit_code = position.unit.code
    delete_position(actor=request.user, position=position)
    messages.success(request, _("Jabatan dan uraian tugasnya dihapus."))
    return redirect("workload:unit-detail", code=unit_code)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def policy_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy = get_policy()
    if request.method == "POST":
        form = PolicyForm(request.POST, instance=policy)
        if form.is_valid():
            update_policy(actor=request.user, policy=get_policy(), values=form.cleaned_data)
            messages.success(request, _("Pengaturan ABK disimpan."))
            return redirect("workload:overview")
    else:
        form = PolicyForm(instance=policy)
    return render(
        request, "workload/policy.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DutyImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = create_duty_import(
                    file_name=upload.name,
                    content=upload.read(),
                    effective_minutes=form.cleaned_data["effective_minutes"],
                    actor=request.user,
                )
            except FileRejected as rejected:
                for message in rejected.messages:
                    form.add_error("file", message)
            else:
                return redirect("workload:import-review", code=batch.code)
    else:
        form = DutyImportForm()
    context = {"form": form, "columns": describe_duty_columns(), "form_guide": describe_form()}
    return render(
        request, "workload/import_start.html", context, status=400 if form.errors else 200
    )


@require_GET
@role_required(*EDITORS)
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return HttpResponse(
        build_duty_template(),
        content_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="templat-abk.xlsx"'},
    )


@require_GET
@role_required(*EDITORS)
def import_form_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The customary ABK form layout: one sheet per jabatan, a header block above the table."""
    return HttpResponse(
        build_form_template(effective_minutes=get_policy().effective_minutes),
        content_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="templat-formulir-abk.xlsx"'},
    )


@require_GET
@role_required(*EDITORS)
def import_review(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    batch = get_object_or_404(
        DutyImport.objects.defer("content").select_related("created_by"), code=code
    )
    report = ImportReport.from_summary(batch.summary)
    page = Paginator(report.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    template = "workload/import_review.html"
    if is_htmx(request):
        template += "#errors"
    return render(request, template, {"batch": batch, "report": report, "page": page})


@require_POST
@role_required(*EDITORS)
def import_apply(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    batch = get_object_or_404(DutyImport, code=code)
    form = ApplyForm(request.POST)
    valid_only = form.is_valid() and form.cleaned_data["valid_only"]
    try:
        report = apply_duty_import(batch=batch, actor=request.user, valid_only=valid_only)
    except ImportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Impor diterapkan: %(new)s jabatan baru, %(updated)s diubah, %(unchanged)s tetap.")
            % report.counts(),
        )
    return redirect("workload:import-review", code=batch.code)


@require_GET
@role_required(*READERS)
def export_form_d(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy = get_policy()
    rows = build_report(units=_scope(request), policy=policy)
    agency = Agency.objects.first()
    content = build_form_d(
        rows=rows,
        policy=policy,
        agency=agency.name if agency else "",
        total=sum_units(rows=rows, policy=policy),
    )
    return HttpResponse(
        content,
        content_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="abk-form-d.xlsx"'},
    )


@require_GET
@role_required(*READERS)
def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = build_report(units=_scope(request), policy=get_policy())
    return HttpResponse(
        build_raw_csv(rows=rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="abk-data.csv"'},
    )

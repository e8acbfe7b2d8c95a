"""HR imports: upload and dry run, review, apply, and the downloadable templates."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.lib.htmx import is_htmx
from rehat.organizations.domain.imports import (
    FileRejected,
    ImportRefused,
    ImportReport,
    apply_import,
    build_import_template,
    create_import,
    describe_columns,
)
from rehat.organizations.forms import ImportApplyForm, ImportUploadForm
from rehat.organizations.models import ImportBatch
from rehat.organizations.permissions import ADMIN, HR, role_required

ERRORS_PER_PAGE = 100
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _kind_or_404(kind: str) -> str:
    if kind not in ImportBatch.Kind.values:
        raise Http404
    return kind


@require_http_methods(["GET", "POST"])
@role_required(HR, ADMIN)
def import_start(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = create_import(
                    kind=kind, file_name=upload.name, content=upload.read(), actor=request.user
                )
            except FileRejected as rejected:
                for message in rejected.messages:
                    form.add_error("file", message)
            else:
                return redirect("organizations:import-review", code=batch.code)
    else:
        form = ImportUploadForm()
    context = {
        "kind": kind,
        "kind_label": ImportBatch.Kind(kind).label,
        "form": form,
        "columns": describe_columns(kind=kind),
    }
    return render(
        request, "organizations/import_start.html", context, status=400 if form.errors else 200
    )


@require_GET
@role_required(HR, ADMIN)
def import_template(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if fmt not in TEMPLATE_TYPES:
        raise Http404
    name = {"units": "unit-kerja", "employees": "pegawai"}[kind]
    return HttpResponse(
        build_import_template(kind=kind, fmt=fmt),
        content_type=TEMPLATE_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="templat-impor-{name}.{fmt}"'},
    )


@require_GET
@role_required(HR, ADMIN)
def import_review(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.defer("content").select_related("created_by"), code=code
    )
    report = ImportReport.from_summary(batch.summary)
    page = Paginator(report.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    template = "organizations/import_review.html"
    if is_htmx(request):
        template += "#errors"
    return render(request, template, {"batch": batch, "report": report, "page": page})


@require_POST
@role_required(HR, ADMIN)
def import_apply(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, code=code)
    form = ImportApplyForm(request.POST)
    valid_only = form.is_valid() and form.cleaned_data["valid_only"]
    try:
        report = apply_import(batch=batch, actor=request.user, valid_only=valid_only)
    except ImportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Impor diterapkan: %(new)s baru, %(updated)s diubah, %(unchanged)s tidak berubah.")
            % report.counts(),
        )
    return redirect("organizations:import-review", code=batch.code)

"""Upload chat exports and calendars, and read the reports built from them."""

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.organizations.permissions import EMPLOYEE, HR, LEADER, role_required
from rehat.schedule.domain.hours import get_profile, resolve_zone
from rehat.worktime.domain.analysis import FileUnreadable, Options
from rehat.worktime.domain.records import AmbiguousDates, create_report, set_leaders
from rehat.worktime.domain.reports import export_csv, render_heatmap, render_trend
from rehat.worktime.domain.whatsapp import DateOrder
from rehat.worktime.forms import LeaderForm, UploadForm
from rehat.worktime.models import Report
from rehat.worktime.permissions import get_report_for_user, upload_units, visible_reports

ALLOWED = (HR, LEADER, EMPLOYEE)


@require_GET
@role_required(*ALLOWED)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = visible_reports(request.user).select_related("unit")
    return render(request, "worktime/report_list.html", {"reports": reports})


@require_http_methods(["GET", "POST"])
@role_required(*ALLOWED)
def report_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = upload_units(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = data["date_order"]
        options = Options(
            tz=resolve_zone(name=data["zone"]),
            date_order=None if order == "auto" else cast(DateOrder, order),
            profile=get_profile(name=data["schedule"]),
            unit=data.get("unit"),
            leader_names=tuple(n.strip() for n in data["leader_names"].splitlines() if n.strip()),
        )
        upload = data["file"]
        try:
            report = create_report(
                source=upload.file,
                name=upload.name,
                title=data["title"],
                options=options,
                unit=data.get("unit"),
                uploader=request.user,
                private=units is None or data.get("private", False),
            )
        except FileUnreadable as error:
            form.add_error("file", error.message)
        except AmbiguousDates:
            form.add_error(
                "date_order",
                _(
                    "Berkas ini tidak menunjukkan apakah tanggalnya hari/bulan atau bulan/hari. "
                    "Pilih urutan tanggal, lalu unggah lagi."
                ),
            )
        else:
            return redirect("worktime:report-detail", code=report.code)
        finally:
            upload.close()  # the raw upload (memory or temporary file) is gone after this
    status = 400 if form.errors else 200
    return render(request, "worktime/report_upload.html", {"form": form}, status=status)


@require_GET
@role_required(*ALLOWED)
def report_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, code)
    authors = list(report.authors.all())
    form = LeaderForm(
        pseudonyms=[a.pseudonym for a in authors],
        initial={"leaders": [a.pseudonym for a in authors if a.leader]},
    )
    context = {
        "report": report,
        "authors": authors,
        "form": form,
        "can_mark": report.uploaded_by_id == request.user.pk,
    }
    return render(request, "worktime/report_detail.html", context)


@require_POST
@role_required(*ALLOWED)
def report_leaders(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, code)
    if report.uploaded_by_id != request.user.pk:
        raise Http404
    pseudonyms = list(report.authors.values_list("pseudonym", flat=True))
    form = LeaderForm(request.POST, pseudonyms=pseudonyms)
    if form.is_valid():
        set_leaders(report=report, pseudonyms=set(form.cleaned_data["leaders"]), actor=request.user)
        messages.success(request, _("Tanda pimpinan disimpan."))
    return redirect("worktime:report-detail", code=report.code)


@require_GET
@role_required(*ALLOWED)
def report_chart(request: AuthenticatedHttpRequest, code: str, chart: str) -> HttpResponse:
    report = get_report_for_user(request.user, code)
    if report.kind != Report.Kind.CHAT:
        raise Http404
    if chart == "peta-jam":
        svg = render_heatmap(heatmap=report.heatmap, title=_("Pesan per jam dalam sepekan"))
    elif chart == "tren":
        svg = render_trend(weekly=report.weekly, title=_("Porsi pesan di luar jam kerja per pekan"))
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
@role_required(*ALLOWED)
def report_csv(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, code)
    return HttpResponse(
        export_csv(report=report),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="jam-kerja-{report.code}.csv"'},
    )

"""Upload chat exports and calendars, and read the reports built from them."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.organizations.permissions import EMPLOYEE, HR, LEADER, role_required
from rehat.schedule.domain.hours import get_profile, resolve_zone
from rehat.worktime.domain.analysis import FileUnreadable, Options
from rehat.worktime.domain.records import AmbiguousDates, create_report, set_leaders
from rehat.worktime.domain.reports import (
    export_csv,
    group_reports,
    render_heatmap,
    render_hours_trend,
    render_trend,
    set_me,
)
from rehat.worktime.domain.summary import leader_footprint, unit_after_hours
from rehat.worktime.domain.whatsapp import DateOrder, pseudonym
from rehat.worktime.forms import LeaderForm, MeForm, UploadForm
from rehat.worktime.models import Report
from rehat.worktime.permissions import (
    get_report_for_user,
    summary_units,
    upload_units,
    visible_reports,
)

ALLOWED = (HR, LEADER, EMPLOYEE)
SUMMARY_DAYS = 90


@require_GET
@role_required(*ALLOWED)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = group_reports(visible_reports(request.user).select_related("unit"))
    unit_ids = [g.unit.pk for g in groups if g.unit is not None]
    allowed = summary_units(request.user, unit_ids)
    figures = unit_after_hours(allowed, subtree=False, days=SUMMARY_DAYS) if allowed else {}
    rows = []
    for group in groups:
        summary = figures.get(group.unit.pk) if group.unit else None
        rows.append(
            {
                "group": group,
                "summary": summary,
                "percent": 100 * summary.after_hours_share if summary else None,
                "summarised": group.unit is not None and group.unit.pk in allowed,
            }
        )
    context = {
        "groups": rows,
        "reports": [report for group in groups for report in group.reports],
        "days": SUMMARY_DAYS,
        "min_group": settings.REHAT_MIN_GROUP,
    }
    return render(request, "worktime/report_list.html", context)


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
        my_names = [n.strip() for n in data["my_names"].splitlines() if n.strip()]
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
            if report.kind == Report.Kind.CHAT and my_names:
                # The salt is still in memory: the names become this report's pseudonyms.
                mine = {pseudonym(salt=options.salt, name=name) for name in my_names}
                set_me(report=report, pseudonyms=mine, actor=request.user)
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
    pseudonyms = [a.pseudonym for a in authors]
    can_mark = report.uploaded_by_id == request.user.pk
    context = {
        "report": report,
        "authors": authors,
        "can_mark": can_mark,
        "form": LeaderForm(
            pseudonyms=pseudonyms, initial={"leaders": [a.pseudonym for a in authors if a.leader]}
        ),
        # "This is me" belongs to the uploader: nobody else gets the form or the marks.
        "me_form": MeForm(
            pseudonyms=pseudonyms, initial={"mine": [a.pseudonym for a in authors if a.is_me]}
        )
        if can_mark
        else None,
        "hours": list(range(24)),
        "heat_rows": [(day, row) for day, row in zip(_day_names(), report.heatmap, strict=False)],
        "weeks": _week_rows(report),
    }
    return render(request, "worktime/report_detail.html", context)


def _day_names() -> list[str]:
    return [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")]


def _week_rows(report: Report) -> list[dict[str, object]]:
    """The weekly figures behind the trend chart, as table rows."""
    rows: list[dict[str, object]] = []
    for week, total, after in report.weekly:
        if report.kind == Report.Kind.CALENDAR:
            rows.append(
                {"week": week, "total": round(total / 60, 2), "after": round(after / 60, 2)}
            )
        else:
            share = round(100 * after / total, 1) if total else None
            rows.append({"week": week, "total": total, "after": after, "share": share})
    return rows


@require_POST
@role_required(*ALLOWED)
def report_me(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = get_report_for_user(request.user, code)
    if report.uploaded_by_id != request.user.pk or report.kind != Report.Kind.CHAT:
        raise Http404
    pseudonyms = list(report.authors.values_list("pseudonym", flat=True))
    form = MeForm(request.POST, pseudonyms=pseudonyms)
    if form.is_valid():
        set_me(report=report, pseudonyms=set(form.cleaned_data["mine"]), actor=request.user)
        messages.success(request, _("Tanda “ini saya” disimpan."))
    return redirect("worktime:report-detail", code=report.code)


@require_GET
@login_required
def footprint(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's own after-hours footprint; nobody else's, ever."""
    mine = leader_footprint(request.user)
    chart = None
    if mine is not None:
        # Built from integers and escaped text only (domain/reports.py).
        chart = mark_safe(  # noqa: S308
            render_heatmap(
                heatmap=mine.heatmap,
                title=_("Pesan Anda per jam dalam sepekan"),
                desc=_("Jumlah pesan Anda sendiri per hari dan jam, Senin sampai Minggu."),
            )
        )
    recent = leader_footprint(request.user, days=SUMMARY_DAYS) if mine is not None else None
    context = {
        "footprint": mine,
        "percent": 100 * mine.after_hours_share if mine and mine.after_hours_share else 0,
        "recent": recent,
        "days": SUMMARY_DAYS,
        "chart": chart,
        "hours": list(range(24)),
        "heat_rows": list(zip(_day_names(), mine.heatmap, strict=True)) if mine else [],
    }
    return render(request, "worktime/footprint.html", context)


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
    if not report.heatmap:  # a calendar uploaded before its charts were kept
        raise Http404
    calendar = report.kind == Report.Kind.CALENDAR
    if chart == "peta-jam" and calendar:
        svg = render_heatmap(
            heatmap=report.heatmap,
            title=_("Menit rapat per jam dalam sepekan"),
            desc=_("Menit rapat per hari dan jam, Senin sampai Minggu. Tabelnya ada di halaman."),
            suffix=" " + _("menit"),
        )
    elif chart == "peta-jam":
        svg = render_heatmap(
            heatmap=report.heatmap,
            title=_("Pesan per jam dalam sepekan"),
            desc=_("Jumlah pesan per hari dan jam, Senin sampai Minggu. Tabelnya ada di halaman."),
        )
    elif chart == "tren" and calendar:
        svg = render_hours_trend(
            weekly=report.weekly,
            title=_("Jam rapat per pekan"),
            desc=_("Garis biru: semua jam rapat; garis putus-putus: jam rapat di luar jam kerja."),
            labels=(_("Jam rapat"), _("Di luar jam kerja")),
        )
    elif chart == "tren":
        svg = render_trend(
            weekly=report.weekly,
            title=_("Porsi pesan di luar jam kerja per pekan"),
            desc=_("Persentase pesan di luar jam kerja, satu titik per pekan."),
        )
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

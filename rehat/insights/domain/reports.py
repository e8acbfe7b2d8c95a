"""CSV exports and PDF reports, both from released rows only."""

import csv
import io
from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from rehat.insights.domain.dashboard import period_label
from rehat.insights.domain.read import (
    AGENCY,
    Cell,
    method_of,
    recent_periods,
    released_rows,
    series,
)
from rehat.insights.models import Report
from rehat.organizations.models import Unit

CSV_STATS = (
    "who5_mean",
    "who5_low_share",
    "burnout_share",
    "phq9_high_share",
    "gad7_high_share",
    "cbi_high_share",
    "ps7_mean",
    "voices",
)
REPORT_PERIODS = 12


def export_csv(*, units: Sequence[str] | None) -> str:
    """Released rows as CSV: value and 95 % interval per statistic; suppressed rows empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    head = ["period", "scope", "unit", "parent", "suppressed", "n"]
    for name in CSV_STATS:
        head += [name, f"{name}_low", f"{name}_high"]
    writer.writerow(head)
    for row in released_rows(units=units):
        line: list[object] = [row.period, row.scope, row.unit, row.parent, row.suppressed, row.n]
        for name in CSV_STATS:
            stat = row.stats.get(name)
            line += [stat["value"], stat["low"], stat["high"]] if stat else ["", "", ""]
        writer.writerow(line)
    return out.getvalue()


def _fmt(cell: Cell, metric: str, share: bool) -> str:
    value, interval = cell.value(metric), cell.interval(metric)
    if value is None or interval is None:
        return "—"
    if share:
        return f"{value * 100:.0f} % ({interval[0] * 100:.0f}–{interval[1] * 100:.0f})"
    return f"{value:.0f} ({interval[0]:.0f}–{interval[1]:.0f})"


def _chart(cells: Sequence[Cell]) -> Drawing:
    drawing = Drawing(460, 180)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, 400, 130
    line = [
        (i, c.value("who5_mean")) for i, c in enumerate(cells) if c.value("who5_mean") is not None
    ]
    spans = [(i, c.interval("who5_mean")) for i, c in enumerate(cells)]
    lows = [(i, span[0]) for i, span in spans if span is not None]
    highs = [(i, span[1]) for i, span in spans if span is not None]
    plot.data = [line or [(0, 0)], lows or [(0, 0)], highs or [(0, 0)]]
    plot.lines[0].strokeColor = colors.HexColor("#1f6f5c")
    plot.lines[0].strokeWidth = 2
    for i in (1, 2):
        plot.lines[i].strokeColor = colors.HexColor("#9cc9bd")
        plot.lines[i].strokeDashArray = [2, 2]
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, 100
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(len(cells) - 1, 1)
    drawing.add(plot)
    drawing.add(
        String(40, 5, _("WHO-5 rata-rata per minggu, garis putus: rentang 95 %"), fontSize=8)
    )
    return drawing


def build_report_pdf(*, unit: Unit | None, progress: Callable[[int], None]) -> bytes:
    styles = getSampleStyleSheet()
    name = unit.name if unit else _("Seluruh instansi")
    code = unit.code if unit else AGENCY
    periods = recent_periods(kind="pulse", limit=REPORT_PERIODS)
    children = (
        list(unit.children.order_by("name"))
        if unit
        else list(Unit.objects.filter(parent__isnull=True).order_by("name"))
    )
    progress(20)
    cells = series(units=[code, *[c.code for c in children]], periods=periods) if periods else {}
    progress(50)
    story: list[object] = [
        Paragraph(_("Laporan kesejahteraan: %(name)s") % {"name": name}, styles["Title"]),
        Paragraph(
            _("Dibuat %(when)s dari angka yang sudah dirilis.")
            % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    if periods:
        story.append(_chart(cells[code]))
        table = [[_("Periode"), "n", _("WHO-5"), _("WHO-5 ≤ 50"), _("Kelelahan tinggi")]]
        for cell in cells[code]:
            n = str(cell.row.n) if cell.shown and cell.row else "—"
            table.append(
                [
                    period_label(cell.period),
                    n,
                    _fmt(cell, "who5_mean", False),
                    _fmt(cell, "who5_low_share", True),
                    _fmt(cell, "burnout_share", True),
                ]
            )
        story += [Spacer(1, 12), _table(table)]
        if children:
            rows = [[_("Sub-unit"), _("WHO-5"), _("Kelelahan tinggi")]]
            for child in children:
                cell = cells[child.code][-1]
                rows.append(
                    [child.name, _fmt(cell, "who5_mean", False), _fmt(cell, "burnout_share", True)]
                )
            story += [
                Spacer(1, 12),
                Paragraph(_("Sub-unit, periode terakhir"), styles["Heading2"]),
                _table(rows),
            ]
    else:
        story.append(Paragraph(_("Belum ada periode yang dirilis."), styles["Normal"]))
    progress(75)
    story += [Spacer(1, 12), Paragraph(_("Catatan metode"), styles["Heading2"])]
    release = method_of(period=periods[-1]) if periods else None
    for text in method_note(
        release_k=release.min_group if release else None,
        epsilon=release.epsilon if release else None,
    ):
        story.append(Paragraph(text, styles["Normal"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=name).build(story)
    return buffer.getvalue()


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f1ee")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


def method_note(*, release_k: int | None, epsilon: float | None) -> list[str]:
    k = release_k if release_k is not None else "—"
    eps = f"{epsilon:g}" if epsilon is not None else "—"
    return [
        _(
            "Semua angka berasal dari cek kabar tanpa nama dan dirilis setelah periode ditutup; tidak ada angka langsung."
        ),
        _(
            "Setiap angka diberi derau acak (mekanisme Laplace, privasi diferensial, ε = %(eps)s per kelompok per periode). Rentang dalam kurung adalah rentang 95 %% yang mencakup derau itu."
        )
        % {"eps": eps},
        _(
            "Kelompok dengan kurang dari %(k)s jawaban (dihitung setelah derau) tidak ditampilkan, begitu pula unit lain bila perlu agar angka yang disembunyikan tidak bisa dihitung dari selisih."
        )
        % {"k": k},
        _(
            "Unit yang terlalu kecil untuk kelompok token sendiri digabung ke unit induknya. Tidak ada jawaban perorangan, teks bebas, atau rincian lebih kecil dari kelompok dalam laporan ini."
        ),
        _(
            "Ambang: WHO-5 ≤ 50 berarti kesejahteraan rendah; kelelahan tinggi berarti jawaban 3–5 pada pertanyaan kelelahan kerja."
        ),
    ]


def generate_report(*, report: Report) -> None:
    """Build the PDF, saving progress as it goes (the page polls it)."""

    def progress(percent: int) -> None:
        report.progress = percent
        report.save(update_fields=["progress"])

    report.status = Report.Status.RUNNING
    report.save(update_fields=["status"])
    try:
        pdf = build_report_pdf(unit=report.unit, progress=progress)
    except Exception:
        report.status = Report.Status.FAILED
        report.save(update_fields=["status"])
        raise
    report.pdf = pdf
    report.progress = 100
    report.status = Report.Status.DONE
    report.finished = timezone.now()
    report.save(update_fields=["pdf", "progress", "status", "finished"])

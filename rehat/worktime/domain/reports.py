"""Charts (SVG, drawn here, no JavaScript) and the CSV export of a report."""

import csv
import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from rehat.worktime.models import HourCount, Report

DAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
CELL = 22


def render_heatmap(*, heatmap: list[list[int]], title: str) -> str:
    """Hour-of-week heat map: rows Monday to Sunday, columns 00 to 23."""
    peak = max((max(row) for row in heatmap), default=0) or 1
    width, height = 40 + 24 * CELL, 30 + 7 * CELL
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for hour in range(0, 24, 3):
        parts.append(f'<text x="{40 + hour * CELL}" y="14" font-size="10">{hour:02d}</text>')
    for day, row in enumerate(heatmap):
        y = 20 + day * CELL
        parts.append(f'<text x="0" y="{y + 15}" font-size="11">{DAYS[day]}</text>')
        for hour, count in enumerate(row):
            opacity = 0.06 + 0.94 * count / peak if count else 0.03
            parts.append(
                f'<rect x="{40 + hour * CELL}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="#b4532a" fill-opacity="{opacity:.2f}"><title>{DAYS[day]} {hour:02d}: '
                f"{count}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render_trend(*, weekly: list[list[object]], title: str) -> str:
    """Weekly after-hours share as a line, 0 to 100 %."""
    width, height, pad = 640, 200, 30
    points = []
    count = max(len(weekly) - 1, 1)
    for i, (_week, total, after) in enumerate(weekly):
        share = (after / total) if total else 0  # type: ignore[operator]
        x = pad + i * (width - 2 * pad) / count
        y = height - pad - share * (height - 2 * pad)
        points.append(f"{x:.1f},{y:.1f}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#888"/><text x="0" y="{pad}" font-size="10">100%</text>'
        f'<text x="0" y="{height - pad}" font-size="10">0%</text>'
        f'<polyline fill="none" stroke="#b4532a" stroke-width="2" points="{" ".join(points)}"/>'
        "</svg>"
    )


def _rows(report: Report) -> Iterable[list[object]]:
    yield ["metric", "value"]
    for key, value in report.metrics.items():
        yield [key, "" if value is None else value]
    if report.kind != Report.Kind.CHAT:
        return
    yield []
    yield ["date", "hour", "pseudonym", "leader", "messages", "after_hours"]
    hours = (
        HourCount.objects.filter(report=report)
        .select_related("author")
        .order_by("date", "hour", "author__pseudonym")
    )
    for row in hours.iterator(chunk_size=2000):
        yield [
            row.date.isoformat(),
            row.hour,
            row.author.pseudonym,
            int(row.author.leader),
            row.messages,
            row.after_hours,
        ]


def export_csv(*, report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_rows(report))
    return buffer.getvalue()

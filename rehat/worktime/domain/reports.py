"""Charts (SVG, drawn here, no JavaScript), calendar chart data, marks and the CSV export."""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.organizations.models import Unit
from rehat.schedule.domain.hours import load_schedule
from rehat.worktime.domain.analysis import Options
from rehat.worktime.domain.ics import read_calendar
from rehat.worktime.domain.metrics import minute_flags
from rehat.worktime.models import Author, HourCount, Report

DAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
CELL = 22


def _open_svg(width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>" if desc else "",
    ]


def render_heatmap(
    *, heatmap: list[list[int]], title: str, desc: str = "", suffix: str = ""
) -> str:
    """Hour-of-week heat map: rows Monday to Sunday, columns 00 to 23.

    Each cell's own <title> names the day, the hour and the count (with `suffix`, e.g. a unit).
    """
    peak = max((max(row) for row in heatmap), default=0) or 1
    width, height = 40 + 24 * CELL, 30 + 7 * CELL
    parts = _open_svg(width, height, title, desc)
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
                f"{count}{escape(suffix)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render_trend(*, weekly: list[list[object]], title: str, desc: str = "") -> str:
    """Weekly after-hours share as a line, 0 to 100 %."""
    width, height, pad = 640, 200, 30
    points = []
    count = max(len(weekly) - 1, 1)
    for i, (_week, total, after) in enumerate(weekly):
        share = (after / total) if total else 0  # type: ignore[operator]
        x = pad + i * (width - 2 * pad) / count
        y = height - pad - share * (height - 2 * pad)
        points.append(f"{x:.1f},{y:.1f}")
    return "".join(_open_svg(width, height, title, desc)) + (
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#888"/><text x="0" y="{pad}" font-size="10">100%</text>'
        f'<text x="0" y="{height - pad}" font-size="10">0%</text>'
        f'<polyline fill="none" stroke="#b4532a" stroke-width="2" points="{" ".join(points)}"/>'
        "</svg>"
    )


def render_hours_trend(
    *, weekly: list[list[object]], title: str, desc: str = "", labels: tuple[str, str]
) -> str:
    """Two lines per week, in hours: all meeting hours and the after-hours part.

    `weekly` rows are [week start (ISO), meeting minutes, after-hours meeting minutes].
    """
    width, height, pad, left = 640, 220, 30, 44
    peak = max((int(row[1]) for row in weekly), default=0)  # type: ignore[call-overload]
    top = max(1, -(-peak // 60))  # whole hours, at least one
    count = max(len(weekly) - 1, 1)

    def line(column: int) -> str:
        points = []
        for i, row in enumerate(weekly):
            hours = int(row[column]) / 60  # type: ignore[call-overload]
            x = left + i * (width - left - pad) / count
            y = height - pad - hours / top * (height - 2 * pad)
            points.append(f"{x:.1f},{y:.1f}")
        return " ".join(points)

    parts = _open_svg(width, height, title, desc)
    parts += [
        f'<line x1="{left}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#888"/>',
        f'<text x="0" y="{pad}" font-size="10">{top} {escape(_("jam"))}</text>',
        f'<text x="0" y="{height - pad}" font-size="10">0 {escape(_("jam"))}</text>',
        f'<polyline fill="none" stroke="#3b6e8f" stroke-width="2" points="{line(1)}"/>',
        f'<polyline fill="none" stroke="#b4532a" stroke-width="2" stroke-dasharray="6 3" '
        f'points="{line(2)}"/>',
        f'<rect x="{left}" y="{height - 14}" width="12" height="3" fill="#3b6e8f"/>'
        f'<text x="{left + 16}" y="{height - 9}" font-size="10">{escape(labels[0])}</text>',
        f'<rect x="{left + 260}" y="{height - 14}" width="12" height="3" fill="#b4532a"/>'
        f'<text x="{left + 276}" y="{height - 9}" font-size="10">{escape(labels[1])}</text>',
        "</svg>",
    ]
    return "".join(parts)


def calendar_charts(*, data: bytes, options: Options) -> tuple[list[list[int]], list[list[object]]]:
    """Meeting minutes per hour of the week, and per week [start, minutes, after hours].

    Read with the same window, schedule and splitting as the calendar metrics, so the sums
    equal `meeting_hours` and `after_hours_meeting_hours` (in minutes).
    """
    read = read_calendar(data=data, tz=options.tz, start=options.start, end=options.end)
    last = max(read.start, read.end - datetime.timedelta(days=1))
    schedule = load_schedule(profile=options.profile, start=read.start, end=last, unit=options.unit)
    window = (
        datetime.datetime.combine(read.start, datetime.time(), options.tz),
        datetime.datetime.combine(read.end, datetime.time(), options.tz),
    )
    heat = [[0] * 24 for _ in range(7)]
    weeks: dict[datetime.date, list[int]] = {}
    for meeting in read.meetings:
        begin, finish = max(meeting.start, window[0]), min(meeting.end, window[1])
        while begin < finish:
            midnight = datetime.datetime.combine(
                begin.date() + datetime.timedelta(days=1), datetime.time(), begin.tzinfo
            )
            stop = min(finish, midnight)
            day = begin.date()
            first = begin.hour * 60 + begin.minute
            end = first + round((stop - begin).total_seconds() / 60)
            flags = minute_flags(schedule.spans(day))
            week = weeks.setdefault(day - datetime.timedelta(days=day.weekday()), [0, 0])
            for hour in range(first // 60, (end + 59) // 60):
                lo, hi = max(first, hour * 60), min(end, hour * 60 + 60)
                heat[day.weekday()][hour] += hi - lo
                week[0] += hi - lo
                week[1] += hi - lo - sum(flags[lo:hi])
            begin = stop
    weekly: list[list[object]] = [
        [week.isoformat(), minutes, after] for week, (minutes, after) in sorted(weeks.items())
    ]
    return heat, weekly


def set_me(*, report: Report, pseudonyms: set[str], actor: User) -> int:
    """Mark which pseudonyms of a chat are the uploader themselves; returns how many.

    Only the uploader calls this (the view checks); the mark feeds their own footprint.
    """
    authors = list(report.authors.all())
    for author in authors:
        author.is_me = author.pseudonym in pseudonyms
    Author.objects.bulk_update(authors, ["is_me"])
    marked = sum(a.is_me for a in authors)
    log_action(actor=actor, action=Entry.Action.UPDATE, target=report, changes={"me": marked})
    return marked


@dataclass
class ReportGroup:
    """Reports under one heading of the list: a unit, shared without a unit, or private."""

    key: str  # "unit", "none" or "private"
    unit: Unit | None
    reports: list[Report] = field(default_factory=list)


def group_reports(reports: Iterable[Report]) -> list[ReportGroup]:
    """Shared reports per unit (the unit with the latest report first), then shared reports
    without a unit, then the viewer's private reports. `reports` come newest first."""
    units: dict[int, ReportGroup] = {}
    loose = ReportGroup(key="none", unit=None)
    private = ReportGroup(key="private", unit=None)
    for report in reports:
        if report.private:
            private.reports.append(report)
        elif report.unit is None:
            loose.reports.append(report)
        else:
            group = units.get(report.unit.pk)
            if group is None:
                group = units[report.unit.pk] = ReportGroup(key="unit", unit=report.unit)
            group.reports.append(report)
    return [*units.values(), *(g for g in (loose, private) if g.reports)]


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

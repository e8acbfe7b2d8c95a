"""What the leader and HR pages show, built from released rows only (domain/read.py).

The one exception is the worktime panel: after-hours figures of shared chat uploads, read
through rehat.worktime's `unit_after_hours`, which never gives a unit below the group
threshold. They are counts from the identity side, not check-in answers.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.insights.domain.read import (
    AGENCY,
    MAX_MEAN_SPAN,
    MAX_SHARE_SPAN,
    Cell,
    latest,
    recent_periods,
    series,
)
from rehat.organizations.models import Unit
from rehat.releases.domain.queries import HELP_CHOICES, HELP_LABELS
from rehat.worktime.domain.summary import UnitAfterHours, unit_after_hours

TREND_PERIODS = 12
HEAT_PERIODS = (12, 26, 52)
METRICS = {
    "who5_mean": (gettext_lazy("Kesejahteraan (WHO-5, 0–100)"), (0.0, 100.0), False),
    "burnout_share": (gettext_lazy("Porsi kelelahan kerja tinggi"), (0.0, 1.0), True),
    "who5_low_share": (gettext_lazy("Porsi kesejahteraan rendah (WHO-5 ≤ 50)"), (0.0, 1.0), True),
}


def period_label(code: str) -> str:
    if m := re.fullmatch(r"pulse-(\d{4})-W(\d{2})", code):
        return _("minggu ke-%(week)s %(year)s") % {"week": int(m[2]), "year": m[1]}
    if m := re.fullmatch(r"(screening|climate)-(\d{4})-(\d{2})", code):
        return f"{m[3]}/{m[2]}"
    return code


def percent(share: float) -> str:
    return f"{round(share * 100)}"


@dataclass
class Trend:
    """Coordinates of a server-drawn SVG line with its interval band."""

    width: int = 600
    height: int = 180
    points: str = ""
    band: str = ""
    dots: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, label, value
    ticks: list[tuple[float, str]] = field(default_factory=list)
    gridlines: list[tuple[float, str]] = field(default_factory=list)
    hidden: list[tuple[float, str]] = field(default_factory=list)


def build_trend(*, cells: Sequence[Cell], metric: str) -> Trend:
    trend = Trend()
    low, high = METRICS[metric][1]
    is_share = METRICS[metric][2]
    left, right, top, bottom = 40, 10, 10, 30
    span_x = trend.width - left - right
    span_y = trend.height - top - bottom

    def x(i: int) -> float:
        return round(left + (span_x * i / max(len(cells) - 1, 1)), 1)

    def y(v: float) -> float:
        return round(top + span_y * (1 - (v - low) / (high - low)), 1)

    upper, lower, line = [], [], []
    for i, cell in enumerate(cells):
        value, interval = cell.value(metric), cell.interval(metric)
        label = period_label(cell.period)
        if value is None or interval is None:
            trend.hidden.append((x(i), label))
            continue
        shown = f"{percent(value)} %" if is_share else f"{value:.0f}"
        line.append(f"{x(i)},{y(value)}")
        upper.append(f"{x(i)},{y(interval[1])}")
        lower.append(f"{x(i)},{y(interval[0])}")
        trend.dots.append((x(i), y(value), label, shown))
    trend.points = " ".join(line)
    trend.band = " ".join(upper + lower[::-1])
    step = max(1, len(cells) // 6)
    trend.ticks = [(x(i), period_label(c.period)) for i, c in enumerate(cells) if i % step == 0]
    for fraction in (0.0, 0.5, 1.0):
        value = low + (high - low) * fraction
        trend.gridlines.append((y(value), f"{percent(value)} %" if is_share else f"{value:.0f}"))
    return trend


@dataclass
class Summary:
    unit_name: str
    cell: Cell | None
    sentences: list[str] = field(default_factory=list)
    helps: list[tuple[str, str, str]] = field(default_factory=list)  # label, share, interval
    comparison: str = ""


def _share_text(cell: Cell, metric: str) -> tuple[str, str]:
    value = cell.value(metric) or 0.0
    low, high = cell.interval(metric) or (0.0, 0.0)
    return percent(value), f"{percent(low)}–{percent(high)} %"


def summarize(*, cell: Cell | None, unit_name: str, yours: bool) -> Summary:
    summary = Summary(unit_name=unit_name, cell=cell)
    if cell is None or not cell.shown or cell.row is None:
        return summary
    where = _("unit Anda") if yours else unit_name
    n = cell.row.n or 0
    share, interval = _share_text(cell, "who5_low_share")
    burnout, burnout_interval = _share_text(cell, "burnout_share")
    mean = cell.value("who5_mean") or 0.0
    mean_low, mean_high = cell.interval("who5_mean") or (0.0, 0.0)
    summary.sentences = [
        _(
            "Dari sekitar %(n)s orang di %(where)s yang mengisi cek kabar %(period)s, kira-kira "
            "%(share)s %% merasa kesejahteraannya rendah (WHO-5 ≤ 50; rentang %(interval)s)."
        )
        % {
            "n": n,
            "where": where,
            "period": period_label(cell.period),
            "share": share,
            "interval": interval,
        },
        _("Sekitar %(share)s %% merasakan kelelahan kerja yang nyata (rentang %(interval)s).")
        % {"share": burnout, "interval": burnout_interval},
    ]
    if mean_high - mean_low <= MAX_MEAN_SPAN:
        summary.sentences.append(
            _(
                "Rata-rata skor kesejahteraan %(mean).0f dari 100 (rentang %(low).0f–%(high).0f); "
                "di atas 50 berarti umumnya baik."
            )
            % {"mean": mean, "low": mean_low, "high": mean_high}
        )
    else:
        summary.sentences.append(
            _(
                "Untuk kelompok sebesar ini rata-rata skornya belum cukup tepat untuk ditampilkan; "
                "pegang porsi di atas."
            )
        )
    summary.comparison = _(
        "sekitar %(low)s %% dengan kesejahteraan rendah dan %(burnout)s %% dengan kelelahan "
        "kerja tinggi."
    ) % {"low": share, "burnout": burnout}
    labels = HELP_LABELS
    helps = []
    for choice in HELP_CHOICES:
        value = cell.value(f"help:{choice}")
        if value is not None and choice != "nothing":
            share, interval = _share_text(cell, f"help:{choice}")
            helps.append((value, str(labels[choice]), share, interval))
    helps.sort(key=lambda h: -h[0])
    summary.helps = [(label, share, interval) for _v, label, share, interval in helps]
    return summary


SCREENING_SHARES = (
    ("phq9_high_share", gettext_lazy("Gejala depresi sedang atau lebih (PHQ-9 ≥ 10)")),
    ("gad7_high_share", gettext_lazy("Gejala cemas sedang atau lebih (GAD-7 ≥ 10)")),
    ("cbi_high_share", gettext_lazy("Kelelahan kerja tinggi (CBI kerja ≥ 50)")),
)


def _about(value: str, low: str, high: str) -> str:
    return _("sekitar %(value)s (rentang %(low)s–%(high)s)") % {
        "value": value,
        "low": low,
        "high": high,
    }


def more_lines(*, screening: Cell | None, climate: Cell | None) -> list[tuple[str, str]]:
    """Screening shares, Saya-lelah volume and team climate of the latest releases, as
    (label, text) pairs; a figure whose interval is too wide says so instead."""
    lines: list[tuple[str, str]] = []
    if screening is None or not screening.shown:
        lines.append((_("Skrining"), _("belum ada rilis yang dapat ditampilkan")))
    else:
        for metric, label in SCREENING_SHARES:
            interval = screening.interval(metric)
            if screening.precise(metric, MAX_SHARE_SPAN) is None or interval is None:
                lines.append((str(label), _("belum cukup pasti untuk ditampilkan")))
                continue
            value = screening.value(metric) or 0.0
            lines.append(
                (
                    str(label),
                    _about(
                        f"{percent(value)} %",
                        f"{percent(interval[0])}",
                        f"{percent(interval[1])} %",
                    ),
                )
            )
        voices, span = screening.value("voices"), screening.interval("voices")
        if voices is not None and span is not None:
            lines.append(
                (
                    _("Pesan “Saya lelah” ke Ruang Dengar"),
                    _("sekitar %(n)s percakapan (rentang %(low)s–%(high)s)")
                    % {"n": f"{voices:.0f}", "low": f"{span[0]:.0f}", "high": f"{span[1]:.0f}"},
                )
            )
    mean, span = (
        (climate.value("ps7_mean"), climate.interval("ps7_mean")) if climate else (None, None)
    )
    if mean is not None and span is not None:
        lines.append(
            (
                _("Rasa aman bersuara di tim (1–7)"),
                _about(
                    number_format(mean, 1), number_format(span[0], 1), number_format(span[1], 1)
                ),
            )
        )
    return lines


WORKTIME_DAYS = 90


@dataclass(frozen=True)
class WorktimePanel:
    """After-hours figures of the unit's shared chat uploads, as sentences.

    `figures` is None when the uploads are too few (fewer counted authors than
    REHAT_MIN_GROUP, or none at all): then the one sentence says so, with no number.
    """

    figures: UnitAfterHours | None
    sentences: list[str]


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def worktime_panel(*, figures: UnitAfterHours | None, unit_name: str, yours: bool) -> WorktimePanel:
    if figures is None:
        return WorktimePanel(
            figures=None,
            sentences=[
                _(
                    "Belum cukup unggahan obrolan grup WhatsApp untuk unit ini dalam tiga bulan "
                    "terakhir, jadi angka pesan di luar jam kerja belum ditampilkan. Angka baru "
                    "muncul bila grup yang diunggah cukup besar sehingga tidak ada orang yang "
                    "bisa dikenali."
                )
            ],
        )
    where = _("unit Anda") if yours else unit_name
    window = (
        _day(figures.first)
        if figures.first == figures.last
        else _("%(first)s sampai %(last)s")
        % {"first": _day(figures.first), "last": _day(figures.last)}
    )
    sentences = [
        _(
            "Di %(groups)s grup WhatsApp %(where)s yang diunggah (%(window)s), sekitar "
            "%(share)s %% dari %(messages)s pesan dikirim di luar jam kerja."
        )
        % {
            "groups": figures.reports,
            "where": where,
            "window": window,
            "share": percent(figures.after_hours_share),
            "messages": figures.messages,
        }
    ]
    if figures.late_night_messages:
        sentences.append(
            _("%(late)s pesan dikirim larut malam, antara pukul 21.00 dan 05.00.")
            % {"late": figures.late_night_messages}
        )
    else:
        sentences.append(_("Tidak ada pesan yang dikirim larut malam (pukul 21.00–05.00)."))
    if figures.weekend_active_days:
        sentences.append(
            _("Grup tetap ramai pada %(days)s hari akhir pekan atau hari libur.")
            % {"days": figures.weekend_active_days}
        )
    else:
        sentences.append(_("Tidak ada percakapan pada akhir pekan atau hari libur."))
    if figures.leader_after_hours_share is None:
        sentences.append(
            _(
                "Tidak ada pengunggah yang menandai pesan pimpinan, jadi porsi pesan pimpinan di "
                "luar jam kerja tidak dihitung."
            )
        )
    else:
        sentences.append(
            _(
                "Di grup yang pimpinannya ditandai, sekitar %(share)s %% pesan di luar jam kerja "
                "berasal dari pimpinan."
            )
            % {"share": percent(figures.leader_after_hours_share)}
        )
    return WorktimePanel(figures=figures, sentences=sentences)


@dataclass
class UnitPage:
    unit: Unit
    summary: Summary
    agency: Summary
    trend: Trend
    rolled_up: bool
    children: list[tuple[Unit, Cell | None]]
    screening: Cell | None
    climate: Cell | None
    periods: list[str]
    more: list[tuple[str, str]]
    worktime: WorktimePanel


def unit_page(*, unit: Unit, yours: bool) -> UnitPage:
    periods = recent_periods(kind="pulse", limit=TREND_PERIODS)
    children = list(unit.children.order_by("name"))
    codes = [unit.code, AGENCY, *[c.code for c in children]]
    cells = series(units=codes, periods=periods) if periods else {c: [] for c in codes}
    own = cells[unit.code][-1] if periods else None
    screening = latest(unit=unit.code, kind="screening")
    climate = latest(unit=unit.code, kind="climate")
    return UnitPage(
        unit=unit,
        summary=summarize(cell=own, unit_name=unit.name, yours=yours),
        agency=summarize(
            cell=cells[AGENCY][-1] if periods else None,
            unit_name=_("seluruh instansi"),
            yours=False,
        ),
        trend=build_trend(cells=cells[unit.code], metric="who5_mean"),
        rolled_up=own is not None and own.row is None,
        children=[(c, cells[c.code][-1] if periods else None) for c in children],
        screening=screening,
        climate=climate,
        periods=periods,
        more=more_lines(screening=screening, climate=climate),
        worktime=worktime_panel(
            figures=unit_after_hours([unit.pk], days=WORKTIME_DAYS).get(unit.pk),
            unit_name=unit.name,
            yours=yours,
        ),
    )


def heat_class(value: float | None, metric: str) -> str:
    if value is None:
        return "heat-none"
    if metric == "who5_mean":
        steps: list[tuple[float, int]] = [(28, 4), (40, 3), (50, 2), (60, 1)]
        return next((f"heat-{level}" for cut, level in steps if value <= cut), "heat-0")
    steps = [(0.45, 4), (0.35, 3), (0.25, 2), (0.15, 1)]
    return next((f"heat-{level}" for cut, level in steps if value > cut), "heat-0")


@dataclass
class HeatRow:
    unit: Unit | None
    cells: list[tuple[str, str, str]]  # css class, text, title
    has_children: bool


def heat_map(*, node: Unit | None, metric: str, count: int) -> tuple[list[str], list[HeatRow]]:
    """Rows: the node itself, then its children (the fixed tree, nothing else)."""
    periods = recent_periods(kind="pulse", limit=count)
    below = list(
        Unit.objects.filter(parent=node).order_by("name")
        if node is not None
        else Unit.objects.filter(parent__isnull=True).order_by("name")
    )
    with_children = set(
        Unit.objects.filter(parent__in=below).values_list("parent_id", flat=True).distinct()
    )
    units: list[Unit | None] = [node, *below]
    codes = [AGENCY if u is None else u.code for u in units]
    cells = series(units=codes, periods=periods)
    is_share = METRICS[metric][2]
    rows = []
    for unit, code in zip(units, codes, strict=True):
        out = []
        for cell in cells[code]:
            value = cell.value(metric)
            if cell.row is None:
                out.append(("heat-none", "·", _("digabung ke unit induk")))
            elif value is None:
                out.append(("heat-none", "–", _("tidak ditampilkan: kelompok kecil")))
            else:
                text = percent(value) if is_share else f"{value:.0f}"
                low, high = cell.interval(metric) or (value, value)
                span = f"{percent(low)}–{percent(high)}" if is_share else f"{low:.0f}–{high:.0f}"
                out.append(
                    (
                        heat_class(value, metric),
                        text,
                        f"{period_label(cell.period)}: {text} ({span})",
                    )
                )
        rows.append(
            HeatRow(
                unit=unit, cells=out, has_children=unit is not None and unit.pk in with_children
            )
        )
    return [period_label(p) for p in periods], rows

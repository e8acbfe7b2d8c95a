"""A unit's released wellbeing figures and after-hours figures beside its EJ, and the
EJ-vs-burnout scatter.

Reads only released rows, through rehat.insights.domain.read (the one door to numbers).
A unit whose row is suppressed or missing (too small a group, rolled up) shows nothing:
the group thresholds are the release's, applied before anything reaches this module.
After-hours figures come from rehat.worktime.domain.summary, which leaves out every unit
whose shared chats count fewer than REHAT_MIN_GROUP authors; such a unit shows
"belum cukup data", never a number.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rehat.insights.domain.read import recent_periods, series
from rehat.workload.domain.report import UnitRow
from rehat.worktime.domain.summary import unit_after_hours

KIND = "pulse"
WELLBEING = "who5_mean"  # WHO-5, 0–100
BURNOUT = "burnout_share"  # share at "definitely burning out" or worse, 0–1
# The SVG's drawing box, in its own units.
WIDTH, HEIGHT, MARGIN = 480, 320, 48
EJ_MAX = Decimal("2")
AFTER_HOURS_DAYS = 90


def attach_after_hours(*, rows: Sequence[UnitRow]) -> None:
    """Each unit's after-hours figures (its subtree, the last 90 days), in one call."""
    figures = unit_after_hours([row.unit.pk for row in rows], days=AFTER_HOURS_DAYS)
    for row in rows:
        row.after_hours = figures.get(row.unit.pk)


@dataclass(frozen=True)
class Figures:
    wellbeing: float | None
    burnout: float | None


@dataclass(frozen=True)
class Point:
    label: str
    ej: Decimal
    burnout: float
    x: float
    y: float


def released_figures(*, unit_codes: Sequence[str]) -> tuple[str | None, dict[str, Figures]]:
    """The latest pulse release's period and each unit's figures (None where not shown)."""
    periods = recent_periods(kind=KIND, limit=1)
    if not periods:
        return None, {}
    cells = series(units=unit_codes, periods=periods)
    return periods[0], {
        code: Figures(cell.value(WELLBEING), cell.value(BURNOUT)) for code, [cell] in cells.items()
    }


def place_points(*, items: Sequence[tuple[str, Decimal | None, float | None]]) -> list[Point]:
    """Units with both an EJ and a shown burnout share, placed in the SVG box.

    EJ runs 0–2 left to right (higher EJ is drawn at the edge); burnout 0–100 % bottom to top.
    """
    points = []
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    for label, ej, burnout in items:
        if ej is None or burnout is None:
            continue
        x = MARGIN + float(min(ej, EJ_MAX) / EJ_MAX) * inner_w
        y = HEIGHT - MARGIN - max(0.0, min(burnout, 1.0)) * inner_h
        points.append(Point(label, ej, burnout, round(x, 1), round(y, 1)))
    return points

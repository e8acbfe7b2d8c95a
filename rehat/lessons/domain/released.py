"""The adapter from released rows to nudges: the only place lessons read figures.

It reads through rehat.insights.domain.read, the one door to released statistics
(rehat.releases models): never answers, submissions, conversations or raw counts. A unit
without a released row, or whose row is suppressed, gives None for every figure, and
None never fires a rule. After-hours shares are not released yet (the worktime app
stores no per-unit figures), so that input stays None until it does.
"""

from collections.abc import Sequence

from rehat.accounts.models import User
from rehat.insights.domain.read import Cell, recent_periods, series
from rehat.lessons.domain.content import LESSON, lessons_of_kind
from rehat.lessons.domain.nudges import (
    DEFAULT_THRESHOLDS,
    Nudge,
    ReleasedFigures,
    Thresholds,
    choose_nudges,
    detect_signals,
)
from rehat.lessons.domain.progress import completed_slugs
from rehat.organizations.permissions import led_units

PULSE = "pulse"
SCREENING = "screening"


def _latest_cells(*, units: Sequence[str], kind: str) -> dict[str, Cell | None]:
    periods = recent_periods(kind=kind, limit=1)
    if not periods:
        return dict.fromkeys(units)
    return {unit: cells[0] for unit, cells in series(units=units, periods=periods).items()}


def _value(cell: Cell | None, metric: str) -> float | None:
    return None if cell is None else cell.value(metric)


def read_released_figures(*, units: Sequence[str]) -> list[ReleasedFigures]:
    """Each unit's latest released pulse and screening figures (None where not shown)."""
    pulse = _latest_cells(units=units, kind=PULSE)
    screening = _latest_cells(units=units, kind=SCREENING)
    return [
        ReleasedFigures(
            unit=unit,
            wellbeing_mean=_value(pulse[unit], "who5_mean"),
            wellbeing_low_share=_value(pulse[unit], "who5_low_share"),
            burnout_share=_value(pulse[unit], "burnout_share"),
            saya_lelah_count=_value(screening[unit], "voices"),
        )
        for unit in units
    ]


def nudges_for_leader(*, user: User, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Nudge]:
    """Suggestions for the units this leader leads, from released figures only."""
    names = dict(led_units(user).values_list("code", "name"))
    if not names:
        return []
    signals = [
        signal
        for figures in read_released_figures(units=list(names))
        for signal in detect_signals(figures=figures, thresholds=thresholds)
    ]
    nudges = choose_nudges(
        signals=signals,
        lessons=lessons_of_kind(kind=LESSON),
        completed=completed_slugs(user=user),
    )
    return [Nudge(n.kind, n.lesson, tuple(names[code] for code in n.units)) for n in nudges]

"""The adapter from released rows to nudges: the only place lessons read figures.

Wellbeing figures come through rehat.insights.domain.read, the one door to released
statistics (rehat.releases models): never answers, submissions, conversations or raw
counts. A unit without a released row, or whose row is suppressed, gives None for every
figure, and None never fires a rule.

The after-hours share comes from rehat.worktime.domain.summary.unit_after_hours: shared
(non-private) chat reports uploaded for the unit or its subtree, read from stored hour
counts only. That function leaves out every unit with fewer counted authors than
REHAT_MIN_GROUP, and this adapter checks the group size again, so a small group never
fires the after-hours rule; a unit without uploads gives None.
"""

from collections.abc import Mapping, Sequence

from django.conf import settings

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
from rehat.worktime.domain.summary import UnitAfterHours, unit_after_hours

PULSE = "pulse"
SCREENING = "screening"
AFTER_HOURS_DAYS = 90  # the window of chat activity an after-hours share covers


def _latest_cells(*, units: Sequence[str], kind: str) -> dict[str, Cell | None]:
    periods = recent_periods(kind=kind, limit=1)
    if not periods:
        return dict.fromkeys(units)
    return {unit: cells[0] for unit, cells in series(units=units, periods=periods).items()}


def _value(cell: Cell | None, metric: str) -> float | None:
    return None if cell is None else cell.value(metric)


def _after_hours_share(figure: UnitAfterHours | None) -> float | None:
    if figure is None or figure.authors < settings.REHAT_MIN_GROUP:
        return None
    return figure.after_hours_share


def read_released_figures(
    *, units: Sequence[str], after_hours: Mapping[str, UnitAfterHours] | None = None
) -> list[ReleasedFigures]:
    """Each unit's latest released pulse and screening figures (None where not shown),
    with its after-hours figures by unit code when given."""
    after_hours = after_hours or {}
    pulse = _latest_cells(units=units, kind=PULSE)
    screening = _latest_cells(units=units, kind=SCREENING)
    return [
        ReleasedFigures(
            unit=unit,
            wellbeing_mean=_value(pulse[unit], "who5_mean"),
            wellbeing_low_share=_value(pulse[unit], "who5_low_share"),
            burnout_share=_value(pulse[unit], "burnout_share"),
            saya_lelah_count=_value(screening[unit], "voices"),
            after_hours_share=_after_hours_share(after_hours.get(unit)),
        )
        for unit in units
    ]


def nudges_for_leader(*, user: User, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Nudge]:
    """Suggestions for the units this leader leads, from released figures only."""
    rows = list(led_units(user).values_list("pk", "code", "name"))
    if not rows:
        return []
    names = {code: name for _pk, code, name in rows}
    by_pk = unit_after_hours([pk for pk, _code, _name in rows], days=AFTER_HOURS_DAYS)
    after_hours = {code: by_pk[pk] for pk, code, _name in rows if pk in by_pk}
    signals = [
        signal
        for figures in read_released_figures(units=list(names), after_hours=after_hours)
        for signal in detect_signals(figures=figures, thresholds=thresholds)
    ]
    nudges = choose_nudges(
        signals=signals,
        lessons=lessons_of_kind(kind=LESSON),
        completed=completed_slugs(user=user),
    )
    return [Nudge(n.kind, n.lesson, tuple(names[code] for code in n.units)) for n in nudges]

"""Working days: weekends, national holidays and cuti bersama, then agency overrides.

National days come from the `holidays` package (Indonesia, categories "public" and
"government": the government category is cuti bersama). An agency's DayOverride rows
win over the library, the most specific unit first.
"""

import datetime
from collections.abc import Iterator
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils.translation import gettext as _

from rehat.organizations.models import Unit
from rehat.schedule.models import DayOverride

WEEKEND = (5, 6)  # Saturday, Sunday (a 6-day unit overrides its Saturdays)


@lru_cache(maxsize=64)
def national_days(year: int) -> dict[datetime.date, str]:
    """National holidays and cuti bersama of a year, with their Indonesian names."""
    calendar = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(calendar.items())


def _weekend_name(day: datetime.date) -> str:
    return _("Sabtu") if day.weekday() == 5 else _("Minggu")


def _days(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def _overrides(
    start: datetime.date, end: datetime.date, unit: Unit | None
) -> dict[datetime.date, DayOverride]:
    """The override that applies to each date: the nearest unit's, else the agency's."""
    rows = DayOverride.objects.filter(date__gte=start, date__lte=end)
    depth_of: dict[int | None, int] = {None: -1}
    if unit is not None:
        chain = unit.ancestor_ids() or [unit.pk]
        rows = rows.filter(Q(unit__isnull=True) | Q(unit_id__in=chain))
        depth_of.update({pk: i for i, pk in enumerate(chain)})
    else:
        rows = rows.filter(unit__isnull=True)
    chosen: dict[datetime.date, DayOverride] = {}
    for row in rows:
        current = chosen.get(row.date)
        if current is None or depth_of.get(row.unit_id, -1) > depth_of.get(current.unit_id, -1):
            chosen[row.date] = row
    return chosen


def non_working_days(
    *, start: datetime.date, end: datetime.date, unit: Unit | None = None
) -> dict[datetime.date, str]:
    """Every non-working day in [start, end] (inclusive), with its name."""
    overrides = _overrides(start, end, unit)
    result: dict[datetime.date, str] = {}
    for day in _days(start, end):
        override = overrides.get(day)
        if override is not None:
            if override.kind != DayOverride.Kind.WORKDAY:
                result[day] = override.name
            continue
        national = national_days(day.year).get(day)
        if national:
            result[day] = national
        elif day.weekday() in WEEKEND:
            result[day] = _weekend_name(day)
    return result


def count_working_days(
    *, start: datetime.date, end: datetime.date, unit: Unit | None = None
) -> tuple[int, list[tuple[datetime.date, str]]]:
    """(working days in [start, end], the skipped days with their names)."""
    if end < start:
        return 0, []
    skipped = non_working_days(start=start, end=end, unit=unit)
    total = (end - start).days + 1
    return total - len(skipped), sorted(skipped.items())


def is_working_day(day: datetime.date, *, unit: Unit | None = None) -> bool:
    return day not in non_working_days(start=day, end=day, unit=unit)

"""Working hours: schedule profiles, Ramadan dates and the office time zone.

A profile gives the working spans of each weekday (minutes after midnight, end exclusive).
`build_schedule` turns a profile into the spans of every date in a range: non-working days
(weekends, national holidays, cuti bersama, agency overrides) have none, and during Ramadan
the Ramadan profile replaces a five-day profile.

Ramadan dates come from the `holidays` package's tabulated Islamic calendar (the same table it
uses for Idulfitri): Ramadan runs from its first day to the day before Idulfitri. The table is
the government's published estimate, so an agency corrects a moved date with its own
override rows; no extra dependency or data file is needed.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import DatabaseError
from holidays.calendars.islamic import _IslamicLunar

from rehat.organizations.models import Unit
from rehat.schedule.domain.calendar import national_days, non_working_days
from rehat.schedule.models import DayOverride

Span = tuple[int, int]  # minutes after midnight, [start, end)
DaySpans = tuple[Span, ...]

OFFICE_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT_ZONE = "Asia/Jakarta"
LATE_NIGHT = (21 * 60, 5 * 60)  # 21.00 to 05.00, across midnight


def _hm(text: str) -> int:
    hours, minutes = text.split(".")
    return int(hours) * 60 + int(minutes)


def _span(start: str, end: str) -> DaySpans:
    return ((_hm(start), _hm(end)),)


@dataclass(frozen=True)
class Profile:
    """Working spans per weekday (Monday first); `holidays` False means holidays are worked."""

    name: str
    label: str
    week: tuple[DaySpans, DaySpans, DaySpans, DaySpans, DaySpans, DaySpans, DaySpans]
    holidays: bool = True
    ramadan: bool = True  # replaced by the Ramadan profile during Ramadan

    def weekly_minutes(self) -> int:
        return sum(end - start for day in self.week for start, end in day)


# Perpres 21/2023: 37.5 hours a week on five days (breaks included in the spans).
PERPRES = Profile(
    name="perpres",
    label="Perpres 21/2023 (Senin–Kamis 07.30–16.00, Jumat 07.30–16.30)",
    week=(
        _span("07.30", "16.00"),
        _span("07.30", "16.00"),
        _span("07.30", "16.00"),
        _span("07.30", "16.00"),
        _span("07.30", "16.30"),
        (),
        (),
    ),
)
# The usual KemenPAN-RB circular for Ramadan: 32.5 hours a week.
RAMADAN = Profile(
    name="ramadan",
    label="Ramadan (Senin–Kamis 08.00–15.00, Jumat 08.00–15.30)",
    week=(
        _span("08.00", "15.00"),
        _span("08.00", "15.00"),
        _span("08.00", "15.00"),
        _span("08.00", "15.00"),
        _span("08.00", "15.30"),
        (),
        (),
    ),
    ramadan=False,
)
# Units working six days (schools, some services); an agency adjusts the spans.
SIX_DAY = Profile(
    name="six_day",
    label="Enam hari (Senin–Kamis 07.30–14.30, Jumat 07.30–11.30, Sabtu 07.30–13.00)",
    week=(
        _span("07.30", "14.30"),
        _span("07.30", "14.30"),
        _span("07.30", "14.30"),
        _span("07.30", "14.30"),
        _span("07.30", "11.30"),
        _span("07.30", "13.00"),
        (),
    ),
    ramadan=False,
)
_ALL_DAY: DaySpans = ((0, 24 * 60),)
# Round-the-clock shift units: every hour of every day is somebody's shift, so "after
# hours" has no meaning for the unit as a whole; metrics still show the counts.
SHIFT = Profile(
    name="shift",
    label="Sif (24 jam, tujuh hari)",
    week=(_ALL_DAY, _ALL_DAY, _ALL_DAY, _ALL_DAY, _ALL_DAY, _ALL_DAY, _ALL_DAY),
    holidays=False,
    ramadan=False,
)
PROFILES = {profile.name: profile for profile in (PERPRES, RAMADAN, SIX_DAY, SHIFT)}


def get_profile(*, name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown schedule profile {name!r}") from None


def resolve_zone(*, name: str | None) -> ZoneInfo:
    """An IANA name or WIB/WITA/WIT; None gives the default office zone (WIB)."""
    key = OFFICE_ZONES.get((name or "").upper(), name or DEFAULT_ZONE)
    return ZoneInfo(key)


@lru_cache(maxsize=64)
def ramadan_days(year: int) -> frozenset[datetime.date]:
    """Every date of Ramadan that falls in `year` (a Ramadan may straddle a new year)."""
    calendar = _IslamicLunar()
    days: set[datetime.date] = set()
    fitr = sorted(day for y in (year, year + 1) for day, _ in calendar.eid_al_fitr_dates(y))
    for y in (year - 1, year):
        for begin, _ in calendar.ramadan_beginning_dates(y):
            end = next((day for day in fitr if day > begin), begin + datetime.timedelta(days=30))
            day = begin
            while day < end:
                if day.year == year:
                    days.add(day)
                day += datetime.timedelta(days=1)
    return frozenset(days)


@dataclass(frozen=True)
class Schedule:
    """The working spans of each date of [start, end]; dates outside use the profile."""

    profile: Profile
    start: datetime.date
    end: datetime.date
    days: Mapping[datetime.date, DaySpans]
    non_working: Mapping[datetime.date, str]

    def spans(self, day: datetime.date) -> DaySpans:
        found = self.days.get(day)
        if found is not None:
            return found
        return self.profile.week[day.weekday()]

    def is_working(self, day: datetime.date, minute: int) -> bool:
        return any(start <= minute < end for start, end in self.spans(day))

    def is_working_day(self, day: datetime.date) -> bool:
        return bool(self.spans(day))


def make_schedule(
    *,
    profile: Profile,
    start: datetime.date,
    end: datetime.date,
    holidays: Mapping[datetime.date, str],
    ramadan: bool = True,
) -> Schedule:
    """Pure: the profile applied to [start, end] with the given non-working days.

    `holidays` holds every non-working day that is not a plain weekend of the profile
    (national holidays, cuti bersama, agency holidays), as national_days() returns them.
    """
    days: dict[datetime.date, DaySpans] = {}
    non_working: dict[datetime.date, str] = {}
    day = start
    while day <= end:
        week = profile.week
        if ramadan and profile.ramadan and day in ramadan_days(day.year):
            week = RAMADAN.week
        spans = week[day.weekday()]
        if profile.holidays and day in holidays:
            spans = ()
            non_working[day] = holidays[day]
        days[day] = spans
        day += datetime.timedelta(days=1)
    return Schedule(profile=profile, start=start, end=end, days=days, non_working=non_working)


def load_schedule(
    *,
    profile: Profile,
    start: datetime.date,
    end: datetime.date,
    unit: Unit | None = None,
    ramadan: bool = True,
) -> Schedule:
    """The profile with the agency's calendar (national days and DayOverride rows).

    Without a database (the command line on a fresh checkout) the national days alone.
    """
    try:
        found = non_working_days(start=start, end=end, unit=unit)
        overridden = set(
            DayOverride.objects.filter(date__gte=start, date__lte=end).values_list(
                "date", flat=True
            )
        )
    except DatabaseError:
        found = {
            day: name
            for year in range(start.year, end.year + 1)
            for day, name in national_days(year).items()
            if start <= day <= end
        }
        overridden = set()
    holidays = {
        day: name
        for day, name in found.items()
        if day.weekday() < 5 or day in overridden or day in national_days(day.year)
    }
    schedule = make_schedule(
        profile=profile, start=start, end=end, holidays=holidays, ramadan=ramadan
    )
    days = dict(schedule.days)
    for day in overridden - set(found):
        if not days.get(day):
            days[day] = profile.week[0]  # a declared working Saturday keeps Monday's hours
    return Schedule(
        profile=profile, start=start, end=end, days=days, non_working=schedule.non_working
    )

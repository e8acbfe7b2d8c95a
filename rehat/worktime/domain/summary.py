"""Figures across reports, read from the stored counts only (never from a file).

`unit_after_hours` gives the after-hours figures of shared chat reports per unit kerja, for
the dashboards (insights, workload, lessons); `leader_footprint` gives a person their own
figures across the chats they uploaded and marked "this is me".

The rules are the chat metrics' (domain/metrics.py): a message is after hours when its stored
`HourCount.after_hours` says so (decided at upload with the report's schedule); late night is
21.00–05.00, whole hours, so hour counts give it exactly; a weekend or holiday day is a day
without working spans under the report's schedule profile and the agency's calendar
(national days, cuti bersama, DayOverride rows), decided the way `load_schedule` does. Only
days on which every message was after hours can be such a day, so only those are checked.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from rehat.accounts.models import User
from rehat.organizations.models import Unit
from rehat.schedule.domain.calendar import WEEKEND, national_days
from rehat.schedule.domain.hours import LATE_NIGHT, PERPRES, PROFILES, Profile
from rehat.schedule.models import DayOverride
from rehat.worktime.models import Author, HourCount, Report

LATE_FROM_HOUR, LATE_UNTIL_HOUR = LATE_NIGHT[0] // 60, LATE_NIGHT[1] // 60
assert LATE_NIGHT == (LATE_FROM_HOUR * 60, LATE_UNTIL_HOUR * 60), "late night must be whole hours"
LATE = Q(hour__gte=LATE_FROM_HOUR) | Q(hour__lt=LATE_UNTIL_HOUR)
MANY_PREFIXES = 50  # above this many subtree roots, filter the reports in Python


@dataclass(frozen=True)
class UnitAfterHours:
    unit_id: int
    reports: int  # shared chat reports with activity in the window, the unit's or its subtree's
    authors: int  # pseudonymous authors active in the window (summed over reports)
    messages: int
    after_hours_messages: int
    after_hours_share: float  # 0..1
    late_night_messages: int  # 21.00-05.00
    weekend_active_days: int  # distinct weekend and holiday days with activity
    leader_after_hours_share: float | None  # over the reports with a marked leader
    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class Footprint:
    reports: int
    messages: int
    after_hours_messages: int
    after_hours_share: float | None
    late_night_messages: int
    weekend_active_days: int
    heatmap: list[list[int]] = field(default_factory=list)  # [weekday][hour], Monday first
    first: datetime.date | None = None
    last: datetime.date | None = None


# -- Weekend and holiday days -------------------------------------------------------------


class _Calendar:
    """Non-working days the way `load_schedule` decides them, from one query of overrides."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.by_date: dict[datetime.date, list[DayOverride]] = defaultdict(list)
        for row in DayOverride.objects.filter(date__gte=start, date__lte=end):
            self.by_date[row.date].append(row)

    def _found(self, day: datetime.date, chain: list[int]) -> bool:
        """Whether `non_working_days` lists the day for a unit with this ancestor chain."""
        depth = {pk: i for i, pk in enumerate(chain)}
        chosen: DayOverride | None = None
        for row in self.by_date.get(day, ()):
            if row.unit_id is not None and row.unit_id not in depth:
                continue
            mine = depth.get(row.unit_id, -1) if row.unit_id is not None else -1
            if chosen is None:
                chosen = row
                continue
            theirs = depth.get(chosen.unit_id, -1) if chosen.unit_id is not None else -1
            if mine > theirs:
                chosen = row
        if chosen is not None:
            return chosen.kind != DayOverride.Kind.WORKDAY
        return day in national_days(day.year) or day.weekday() in WEEKEND

    def is_off(self, day: datetime.date, *, profile: Profile, chain: list[int]) -> bool:
        """True when the day has no working spans under the profile."""
        found = self._found(day, chain)
        overridden = day in self.by_date
        if (
            profile.holidays
            and found
            and (day.weekday() < 5 or overridden or day in national_days(day.year))
        ):
            return True
        if profile.week[day.weekday()]:
            return False  # the Ramadan profile has working spans on the same weekdays
        return not (overridden and not found)  # a declared working day gets Monday's spans


def _chain(path: str | None) -> list[int]:
    return [int(part) for part in (path or "").strip("/").split("/") if part]


def _profile(name: str) -> Profile:
    return PROFILES.get(name, PERPRES)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# -- Per unit ----------------------------------------------------------------------------


@dataclass
class _Tally:
    reports: set[int] = field(default_factory=set)
    authors: int = 0
    messages: int = 0
    after: int = 0
    late: int = 0
    off_days: set[datetime.date] = field(default_factory=set)
    led: int = 0
    led_after: int = 0  # after-hours messages of the reports with a marked leader
    marked: bool = False
    first: datetime.date | None = None
    last: datetime.date | None = None


def _window_start(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days - 1)


def unit_after_hours(
    unit_ids: Iterable[int], *, subtree: bool = True, days: int = 90
) -> dict[int, UnitAfterHours]:
    """After-hours figures of shared chat reports per unit, over the last `days` days.

    Five queries whatever the number of units. Units whose counted authors are fewer than
    settings.REHAT_MIN_GROUP are absent (never shown); so are units without activity.
    """
    ids = set(unit_ids)
    if not ids:
        return {}
    wanted = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path"))
    since = _window_start(days)
    # The same lookups work from HourCount and from Author (both have `report`).
    scope = Q(report__kind=Report.Kind.CHAT, report__private=False)
    if subtree:
        prefixes: list[str] = []  # the subtree roots, without those inside another
        for path in sorted(set(wanted.values())):  # a subtree is contiguous in path order
            if not prefixes or not path.startswith(prefixes[-1]):
                prefixes.append(path)
        if len(prefixes) <= MANY_PREFIXES:
            condition = Q(pk__in=[])
            for prefix in prefixes:
                condition |= Q(report__unit__path__startswith=prefix)
            scope &= condition
        else:
            scope &= Q(report__unit__isnull=False)
    else:
        scope &= Q(report__unit_id__in=list(wanted))
    hours = HourCount.objects.filter(scope, date__gte=since)
    by_path = {path: pk for pk, path in wanted.items()}

    def targets(unit_id: int | None, path: str | None) -> list[int]:
        """The requested units a report tagged with this unit counts for."""
        if unit_id is None or path is None:
            return []
        if not subtree:
            return [unit_id] if unit_id in wanted else []
        chain = _chain(path)
        found = ("/" + "/".join(map(str, chain[: i + 1])) + "/" for i in range(len(chain)))
        return [by_path[p] for p in found if p in by_path]

    days_rows = list(
        hours.values(
            "report_id", "report__unit_id", "report__unit__path", "report__schedule", "date"
        )
        .annotate(
            total=Sum("messages"),
            after=Sum("after_hours"),
            late=Sum("messages", filter=LATE),
        )
        .order_by()
    )
    report_rows = {
        row["report_id"]: row
        for row in hours.values("report_id")
        .annotate(
            people=Count("author_id", distinct=True),
            led=Sum("after_hours", filter=Q(author__leader=True)),
        )
        .order_by()
    }
    marked = set(
        Author.objects.filter(scope, leader=True).values_list("report_id", flat=True).distinct()
    )
    calendar = _Calendar(since, timezone.localdate())

    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for row in days_rows:
        report_id, day = row["report_id"], row["date"]
        units = targets(row["report__unit_id"], row["report__unit__path"])
        if not units:
            continue
        off = row["after"] == row["total"] and calendar.is_off(
            day, profile=_profile(row["report__schedule"]), chain=_chain(row["report__unit__path"])
        )
        for unit_id in units:
            tally = tallies[unit_id]
            if report_id not in tally.reports:
                tally.reports.add(report_id)
                tally.authors += report_rows[report_id]["people"]
                if report_id in marked:
                    tally.marked = True
                    tally.led += report_rows[report_id]["led"] or 0
            tally.messages += row["total"]
            tally.after += row["after"]
            tally.late += row["late"] or 0
            if report_id in marked:
                tally.led_after += row["after"]
            if off:
                tally.off_days.add(day)
            tally.first = day if tally.first is None else min(tally.first, day)
            tally.last = day if tally.last is None else max(tally.last, day)

    result: dict[int, UnitAfterHours] = {}
    for unit_id, tally in tallies.items():
        if tally.authors < settings.REHAT_MIN_GROUP or not tally.messages:
            continue
        assert tally.first is not None and tally.last is not None
        result[unit_id] = UnitAfterHours(
            unit_id=unit_id,
            reports=len(tally.reports),
            authors=tally.authors,
            messages=tally.messages,
            after_hours_messages=tally.after,
            after_hours_share=round(tally.after / tally.messages, 4),
            late_night_messages=tally.late,
            weekend_active_days=len(tally.off_days),
            leader_after_hours_share=(_share(tally.led, tally.led_after) or 0.0)
            if tally.marked
            else None,
            first=tally.first,
            last=tally.last,
        )
    return result


# -- One person's own footprint ----------------------------------------------------------


def leader_footprint(user: User, *, days: int | None = None) -> Footprint | None:
    """The user's own messages in the chats they uploaded and marked "this is me".

    None when they marked no pseudonym as themselves. Reads only the user's own uploads,
    private and shared alike; `days` limits the window (None: everything).
    """
    mine = Author.objects.filter(
        is_me=True, report__uploaded_by=user, report__kind=Report.Kind.CHAT
    )
    if not mine.exists():
        return None
    hours = HourCount.objects.filter(
        author__is_me=True, report__uploaded_by=user, report__kind=Report.Kind.CHAT
    )
    if days is not None:
        hours = hours.filter(date__gte=_window_start(days))
    rows = list(
        hours.values("report_id", "report__unit__path", "report__schedule", "date", "hour")
        .annotate(total=Sum("messages"), after=Sum("after_hours"))
        .order_by()
    )
    per_day: dict[tuple[int, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    heat = [[0] * 24 for _ in range(7)]
    reports: set[int] = set()
    messages = after = late = 0
    info: dict[int, tuple[str, str | None]] = {}
    for row in rows:
        day = row["date"]
        reports.add(row["report_id"])
        info[row["report_id"]] = (row["report__schedule"], row["report__unit__path"])
        messages += row["total"]
        after += row["after"]
        if row["hour"] >= LATE_FROM_HOUR or row["hour"] < LATE_UNTIL_HOUR:
            late += row["total"]
        heat[day.weekday()][row["hour"]] += row["total"]
        counts = per_day[(row["report_id"], day)]
        counts[0] += row["total"]
        counts[1] += row["after"]
    candidates = {key: c for key, c in per_day.items() if c[0] == c[1]}
    days_off = sorted(day for _report, day in candidates) or [timezone.localdate()]
    calendar = _Calendar(days_off[0], days_off[-1])
    off_days = {
        day
        for (report_id, day) in candidates
        if calendar.is_off(
            day, profile=_profile(info[report_id][0]), chain=_chain(info[report_id][1])
        )
    }
    dates = [day for _report, day in per_day]
    return Footprint(
        reports=len(reports),
        messages=messages,
        after_hours_messages=after,
        after_hours_share=_share(after, messages),
        late_night_messages=late,
        weekend_active_days=len(off_days),
        heatmap=heat,
        first=min(dates, default=None),
        last=max(dates, default=None),
    )

"""Which session starts a counselor offers, and which of them are still free."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from rehat.counseling.models import ACTIVE, Booking, Counselor, SlotException, WeeklySlot
from rehat.organizations.models import Employee, Unit
from rehat.schedule.domain.calendar import non_working_days

MIN_NOTICE = datetime.timedelta(hours=2)  # nobody books a session that starts in ten minutes
HORIZON_DAYS = 28


@dataclass(frozen=True)
class Slot:
    starts: datetime.datetime
    ends: datetime.datetime


def _local(day: datetime.date, start: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, start))


def offered_slots(
    *,
    counselor: Counselor,
    first: datetime.date,
    last: datetime.date,
    weekly: Iterable[WeeklySlot] | None = None,
    exceptions: Iterable[SlotException] | None = None,
    closed_days: Iterable[datetime.date] | None = None,
) -> list[Slot]:
    """Every start the counselor offers in [first, last]: the weekly pattern on working
    days, minus the days and slots they closed, plus their extra slots."""
    if weekly is None:
        weekly = counselor.weekly_slots.all()
    if exceptions is None:
        exceptions = counselor.exceptions.filter(day__gte=first, day__lte=last)
    if closed_days is None:
        closed_days = non_working_days(start=first, end=last)
    by_weekday: dict[int, list[datetime.time]] = {}
    for slot in weekly:
        by_weekday.setdefault(slot.weekday, []).append(slot.start)
    holidays = set(closed_days)
    closed_whole: set[datetime.date] = set()
    closed_at: set[tuple[datetime.date, datetime.time]] = set()
    extra: list[tuple[datetime.date, datetime.time]] = []
    for exception in exceptions:
        if not first <= exception.day <= last:
            continue
        if exception.kind == SlotException.Kind.EXTRA and exception.start is not None:
            extra.append((exception.day, exception.start))
        elif exception.start is None:
            closed_whole.add(exception.day)
        else:
            closed_at.add((exception.day, exception.start))
    starts: set[tuple[datetime.date, datetime.time]] = set(extra)
    day = first
    while day <= last:
        if day not in holidays:
            starts.update((day, start) for start in by_weekday.get(day.weekday(), []))
        day += datetime.timedelta(days=1)
    length = datetime.timedelta(minutes=counselor.session_minutes)
    return [
        Slot(_local(d, t), _local(d, t) + length)
        for d, t in sorted(starts)
        if d not in closed_whole and (d, t) not in closed_at
    ]


def active_bookings(*, counselor: Counselor) -> QuerySet[Booking]:
    return Booking.objects.filter(counselor=counselor, status__in=ACTIVE)


def free_slots(
    *, counselor: Counselor, now: datetime.datetime, days: int = HORIZON_DAYS
) -> list[Slot]:
    """Offered slots from now + MIN_NOTICE that no active booking overlaps."""
    earliest = now + MIN_NOTICE
    first = timezone.localdate(now)
    last = first + datetime.timedelta(days=days)
    slots = [
        s
        for s in offered_slots(counselor=counselor, first=first, last=last)
        if s.starts >= earliest
    ]
    taken = list(
        active_bookings(counselor=counselor)
        .filter(ends__gt=earliest, starts__lt=_local(last, datetime.time.max))
        .values_list("starts", "ends")
    )
    return [s for s in slots if not any(s.starts < e and b < s.ends for b, e in taken)]


def is_offered(*, counselor: Counselor, starts: datetime.datetime) -> bool:
    day = timezone.localdate(starts)
    return any(s.starts == starts for s in offered_slots(counselor=counselor, first=day, last=day))


def excluded_unit_q(*, unit: Unit) -> Q:
    """Counselors who excluded this unit or one of its ancestors."""
    return Q(excluded_units__in=unit.ancestor_ids() or [unit.pk])


def counselors_for(*, employee: Employee) -> QuerySet[Counselor]:
    """Active counselors who serve the employee's unit; never the employee themself."""
    excluded = Counselor.objects.filter(excluded_unit_q(unit=employee.unit)).values("pk")
    return (
        Counselor.objects.filter(active=True)
        .exclude(pk__in=excluded)
        .exclude(user_id=employee.user_id)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def serves(*, counselor: Counselor, employee: Employee) -> bool:
    return counselors_for(employee=employee).filter(pk=counselor.pk).exists()

"""Counselor capacity for HR and the lead counselor: aggregates only.

Counts of booked sessions (and the waiting time derived from them) are shown only
when at least REHAT_MIN_GROUP sessions stand behind them; below that the cell says
"too few to show". Offered slots say nothing about anyone and are always shown; they
are computed from the counselors' current weekly pattern and exceptions.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from rehat.counseling.domain.availability import free_slots, offered_slots
from rehat.counseling.models import ACTIVE, Booking, Counselor, SlotException
from rehat.schedule.domain.calendar import non_working_days


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    offered: int
    booked: int | None  # None: fewer than the group threshold
    wait_days: float | None


@dataclass(frozen=True)
class CounselorRow:
    name: str
    offered: int
    booked: int | None


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def recent_months(*, today: datetime.date, back: int = 3) -> list[datetime.date]:
    months = [today.replace(day=1)]
    for _ in range(back):
        months.insert(0, (months[0] - datetime.timedelta(days=1)).replace(day=1))
    return months


def _counselors(first: datetime.date, last: datetime.date) -> list[Counselor]:
    exceptions = SlotException.objects.filter(day__gte=first, day__lte=last)
    return list(
        Counselor.objects.filter(active=True)
        .select_related("user")
        .prefetch_related("weekly_slots", Prefetch("exceptions", queryset=exceptions))
        .order_by("user__name", "pk")
    )


def _offered(
    counselor: Counselor, first: datetime.date, last: datetime.date, closed: set[datetime.date]
) -> int:
    return len(
        offered_slots(
            counselor=counselor,
            first=first,
            last=last,
            weekly=counselor.weekly_slots.all(),
            exceptions=counselor.exceptions.all(),
            closed_days=closed,
        )
    )


def _range(first: datetime.date, last: datetime.date) -> Q:
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    return Q(starts__gte=start, starts__lte=end, status__in=ACTIVE)


def capacity_by_month(*, months: list[datetime.date], min_group: int) -> list[MonthRow]:
    rows = []
    for month in months:
        first, last = month_bounds(month)
        closed = set(non_working_days(start=first, end=last))
        offered = sum(_offered(c, first, last, closed) for c in _counselors(first, last))
        waits = [
            (timezone.localdate(starts) - booked_on).days
            for starts, booked_on in Booking.objects.filter(_range(first, last)).values_list(
                "starts", "booked_on"
            )
        ]
        enough = len(waits) >= min_group
        rows.append(
            MonthRow(
                month=first,
                offered=offered,
                booked=len(waits) if enough else None,
                wait_days=round(statistics.mean(waits), 1) if enough else None,
            )
        )
    return rows


def capacity_by_counselor(*, month: datetime.date, min_group: int) -> list[CounselorRow]:
    first, last = month_bounds(month)
    closed = set(non_working_days(start=first, end=last))
    counselors = _counselors(first, last)
    booked = dict(
        Booking.objects.filter(_range(first, last))
        .values_list("counselor")
        .annotate(n=Count("pk"))
        .values_list("counselor", "n")
    )
    return [
        CounselorRow(
            name=c.user.name,
            offered=_offered(c, first, last, closed),
            booked=booked.get(c.pk, 0) if booked.get(c.pk, 0) >= min_group else None,
        )
        for c in counselors
    ]


def next_free_wait(*, now: datetime.datetime) -> datetime.timedelta | None:
    """How long until the earliest free slot of any active counselor (4 weeks ahead)."""
    earliest = None
    for counselor in Counselor.objects.filter(active=True):
        slots = free_slots(counselor=counselor, now=now)
        if slots and (earliest is None or slots[0].starts < earliest):
            earliest = slots[0].starts
    return earliest - now if earliest else None

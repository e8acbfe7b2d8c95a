"""Counselors and bookings for the counseling tests."""

import datetime

from django.utils import timezone

from rehat.counseling.models import Booking, Counselor, SlotException
from rehat.tests.personas import Org


def future(days: int = 3, hour: int = 10) -> datetime.datetime:
    """A local time `days` from today at `hour`:00."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_counselor(org: Org, **fields: object) -> Counselor:
    fields.setdefault("place", "Ruang Konseling Lt. 2")
    counselor, _created = Counselor.objects.update_or_create(
        user=org.counselor.user, defaults=fields
    )
    return counselor


def add_extra(counselor: Counselor, starts: datetime.datetime) -> SlotException:
    local = timezone.localtime(starts)
    return SlotException.objects.create(
        counselor=counselor, day=local.date(), start=local.time(), kind=SlotException.Kind.EXTRA
    )


def offer(counselor: Counselor, *starts: datetime.datetime) -> None:
    for moment in starts:
        add_extra(counselor, moment)


def book(
    org: Org, counselor: Counselor, starts: datetime.datetime, mode: str = "named", **kw: object
):
    from rehat.counseling.domain.booking import book_session

    offer(counselor, starts)
    return book_session(
        counselor=counselor,
        employee=kw.pop("employee", org.employee),  # type: ignore[arg-type]
        starts=starts,
        mode=mode,
        now=timezone.now(),
        **kw,  # type: ignore[arg-type]
    )


def named(org: Org, counselor: Counselor, starts: datetime.datetime) -> Booking:
    return book(org, counselor, starts).booking

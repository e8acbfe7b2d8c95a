import datetime

import pytest
from django.utils import timezone

from rehat.counseling.domain.availability import (
    counselors_for,
    free_slots,
    offered_slots,
    serves,
)
from rehat.counseling.models import SlotException, WeeklySlot
from rehat.counseling.tests.helpers import book, future, make_counselor
from rehat.schedule.models import DayOverride

# Week of Monday 2 November 2026: no national holiday.
MONDAY = datetime.date(2026, 11, 2)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.mark.django_db
def test_offered_slots_follow_the_weekly_pattern_on_working_days_only(org):
    counselor = make_counselor(org, session_minutes=45)
    for weekday in (0, 5):  # Monday and Saturday
        WeeklySlot.objects.create(counselor=counselor, weekday=weekday, start=datetime.time(9))

    slots = offered_slots(
        counselor=counselor, first=MONDAY, last=MONDAY + datetime.timedelta(days=6)
    )

    assert [(s.starts, s.ends - s.starts) for s in slots] == [
        (_local(MONDAY, 9), datetime.timedelta(minutes=45))
    ]


@pytest.mark.django_db
def test_exceptions_close_a_day_close_a_slot_and_add_a_slot(org):
    counselor = make_counselor(org)
    for hour in (9, 13):
        for weekday in (0, 1, 2):
            WeeklySlot.objects.create(
                counselor=counselor, weekday=weekday, start=datetime.time(hour)
            )
    tuesday, wednesday = MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=2)
    SlotException.objects.create(counselor=counselor, day=MONDAY, kind="closed")
    SlotException.objects.create(
        counselor=counselor, day=tuesday, start=datetime.time(9), kind="closed"
    )
    SlotException.objects.create(
        counselor=counselor, day=wednesday, start=datetime.time(15), kind="extra"
    )

    slots = offered_slots(counselor=counselor, first=MONDAY, last=wednesday)

    assert [s.starts for s in slots] == [
        _local(tuesday, 13),
        _local(wednesday, 9),
        _local(wednesday, 13),
        _local(wednesday, 15),
    ]


@pytest.mark.django_db
def test_an_agency_day_off_closes_the_weekly_slots(org):
    counselor = make_counselor(org)
    WeeklySlot.objects.create(counselor=counselor, weekday=0, start=datetime.time(9))
    DayOverride.objects.create(date=MONDAY, kind=DayOverride.Kind.HOLIDAY, name="Hari jadi kota")

    assert offered_slots(counselor=counselor, first=MONDAY, last=MONDAY) == []


@pytest.mark.django_db
def test_free_slots_leave_out_booked_and_too_soon_starts(org):
    counselor = make_counselor(org)
    booked = future(days=2, hour=9)
    book(org, counselor, booked)
    from rehat.counseling.tests.helpers import offer

    offer(counselor, future(days=2, hour=11), timezone.now() + datetime.timedelta(minutes=30))

    assert [s.starts for s in free_slots(counselor=counselor, now=timezone.now())] == [
        future(days=2, hour=11)
    ]


@pytest.mark.django_db
def test_a_counselor_never_serves_the_units_they_excluded_nor_themself(org):
    counselor = make_counselor(org)
    counselor.excluded_units.add(org.alfa)  # the employee works in Alfa Satu, under Alfa

    assert list(counselors_for(employee=org.employee)) == []
    assert list(counselors_for(employee=org.other_leader)) == [counselor]
    assert serves(counselor=counselor, employee=org.counselor) is False

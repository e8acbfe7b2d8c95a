"""Concurrent requests for one slot: exactly one booking wins (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from rehat.counseling.domain.booking import BookingError, book_session
from rehat.counseling.models import Booking
from rehat.counseling.tests.helpers import future, make_counselor, offer
from rehat.tests.factories import make_employee
from rehat.tests.personas import build_org

pytestmark = [
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]

RACERS = 8


def _race(counselor, employees, starts_for) -> list[str]:
    barrier = threading.Barrier(len(employees))
    outcomes: list[str] = []

    def attempt(index: int) -> None:
        try:
            barrier.wait()
            book_session(
                counselor=counselor,
                employee=employees[index],
                starts=starts_for(index),
                mode="named" if index % 2 else "pseudonymous",
                now=timezone.now(),
            )
            outcomes.append("booked")
        except BookingError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(employees))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_many_people_racing_for_one_slot_leave_one_booking():
    org = build_org()
    counselor = make_counselor(org)
    starts = future()
    offer(counselor, starts)
    employees = [make_employee(unit=org.beta) for _ in range(RACERS)]

    outcomes = _race(counselor, employees, lambda _i: starts)

    assert outcomes == ["booked"] + ["refused"] * (RACERS - 1)
    assert Booking.objects.filter(status="booked").count() == 1


def test_overlapping_starts_racing_leave_one_booking():
    org = build_org()
    counselor = make_counselor(org, session_minutes=60)
    starts = [future() + datetime.timedelta(minutes=5 * i) for i in range(RACERS)]
    offer(counselor, *starts)
    employees = [make_employee(unit=org.beta) for _ in range(RACERS)]

    outcomes = _race(counselor, employees, lambda i: starts[i])

    assert outcomes == ["booked"] + ["refused"] * (RACERS - 1)

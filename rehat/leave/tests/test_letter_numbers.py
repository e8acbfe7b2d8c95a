"""Letter numbers: one per approval, in order, without gaps, also under concurrent decisions."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from rehat.leave.domain.workflow import decide_request, next_number
from rehat.leave.models import LeaveRequest, LetterCounter
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee
from rehat.tests.personas import build_org

D = datetime.date
TODAY = D(2026, 7, 1)


def _pending(org, employee=None, day=0):
    start = D(2026, 8, 3) + datetime.timedelta(days=7 * day)
    return make_request(
        employee=employee or org.employee,
        start=start,
        status="decision",
        approver=org.other_leader.user,
    )


def _approve(org, request):
    return decide_request(
        leave_request=request, actor=org.other_leader.user, outcome="approve", note="", today=TODAY
    )


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_approvals_are_numbered_in_order_per_year(org):
    first, second = _pending(org, day=0), _pending(org, day=1)
    assert _approve(org, first).number == "0001/CUTI/ALFA1/2026"
    assert _approve(org, second).number == "0002/CUTI/ALFA1/2026"
    assert LetterCounter.objects.get(year=2026).last == 2
    later = _pending(org, day=2)
    decide_request(
        leave_request=later,
        actor=org.other_leader.user,
        outcome="approve",
        note="",
        today=D(2027, 1, 4),
    )
    assert later.number == "0001/CUTI/ALFA1/2027"


@pytest.mark.django_db
def test_a_rejection_takes_no_number(org):
    rejected = _pending(org, day=0)
    decide_request(
        leave_request=rejected, actor=org.other_leader.user, outcome="reject", note="", today=TODAY
    )
    assert rejected.number == ""
    assert _approve(org, _pending(org, day=1)).number == "0001/CUTI/ALFA1/2026"


@pytest.mark.django_db
def test_a_rolled_back_decision_leaves_no_gap(org):
    first, second = _pending(org, day=0), _pending(org, day=1)
    with pytest.raises(Rollback), transaction.atomic():
        _approve(org, first)
        raise Rollback
    first.refresh_from_db()
    assert (first.status, first.number) == ("decision", "")
    assert _approve(org, second).number == "0001/CUTI/ALFA1/2026"


@pytest.mark.django_db
def test_the_counter_starts_after_numbers_given_before_it(org):
    make_request(employee=org.employee, start=D(2026, 3, 2), number="0007/CUTI/ALFA1/2026")
    make_request(employee=org.employee, start=D(2025, 3, 3), number="0042/CUTI/ALFA1/2025")
    assert next_number(unit_code="BETA", year=2026) == "0008/CUTI/BETA/2026"


@pytest.mark.django_db
def test_two_requests_can_never_share_a_number(org):
    make_request(employee=org.employee, start=D(2026, 3, 2), number="0001/CUTI/ALFA1/2026")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_request(employee=org.employee, start=D(2026, 3, 9), number="0001/CUTI/ALFA1/2026")
    # Requests without a number are many.
    _pending(org, day=0)
    _pending(org, day=1)
    assert LeaveRequest.objects.filter(number="").count() == 2


RACERS = 8


@pytest.mark.django_db(transaction=True, databases="__all__")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.parametrize("counter_exists", [False, True])
def test_concurrent_approvals_get_distinct_numbers_without_gaps(counter_exists):
    org = build_org()
    if counter_exists:
        LetterCounter.objects.create(year=2026, last=0)
    requests = [
        _pending(org, employee=make_employee(unit=org.alfa_satu), day=i) for i in range(RACERS)
    ]
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def decide(index: int) -> None:
        try:
            barrier.wait()
            if index == 0:
                # One decision fails after taking its number: the number must come back.
                with transaction.atomic():
                    _approve(org, requests[index])
                    raise Rollback
            _approve(org, requests[index])
        except Rollback:
            pass
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(LeaveRequest.objects.exclude(number="").values_list("number", flat=True))
    assert numbers == [f"{n:04d}/CUTI/ALFA1/2026" for n in range(1, RACERS)]
    assert LetterCounter.objects.get(year=2026).last == RACERS - 1
    assert LeaveRequest.objects.get(pk=requests[0].pk).status == "decision"

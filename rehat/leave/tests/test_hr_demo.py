"""The demo agency's leave: every state, recovery leave, authorities, one medical reader."""

import datetime

import pytest

from rehat.leave.demo import RECOVERY, DemoLeaveError, seed_demo_leave
from rehat.leave.models import (
    Authority,
    BalanceAdjustment,
    LeaveEvent,
    LeaveRequest,
    MedicalReader,
)
from rehat.leave.permissions import requests_to_act_on
from rehat.organizations.domain.demo import list_demo_logins, seed_demo
from rehat.organizations.models import Employee
from rehat.schedule.domain.calendar import count_working_days

TODAY = datetime.date(2026, 11, 25)


def _logins():
    return {login.role: login.email for login in list_demo_logins()}


def _snapshot():
    return [
        (r.employee.nip, r.leave_type, r.start, r.end, r.workdays, r.status, r.number)
        for r in LeaveRequest.objects.select_related("employee").order_by("pk")
    ]


@pytest.mark.django_db
def test_the_demo_leave_covers_every_state_and_is_deterministic():
    with pytest.raises(DemoLeaveError):
        seed_demo_leave(today=TODAY)
    seed_demo(seed=2026, size=300)
    counts = seed_demo_leave(today=TODAY)
    logins = _logins()
    hr = Employee.objects.get(user__email=logins["hr"])
    leader = Employee.objects.get(user__email=logins["leader"])
    siti = Employee.objects.get(user__email=logins["employee"])

    assert counts["requests"] == LeaveRequest.objects.count() == 3 + 7 + 60 + RECOVERY
    assert counts["authorities"] == Authority.objects.count() == 3
    assert [r.user for r in MedicalReader.objects.all()] == [hr.user]
    assert set(LeaveRequest.objects.values_list("status", flat=True)) == {
        s.value for s in LeaveRequest.Status
    }
    recovery = LeaveRequest.objects.filter(leave_type="pemulihan", status="approved")
    assert recovery.count() >= RECOVERY
    assert counts["recovery"] == LeaveRequest.objects.filter(leave_type="pemulihan").count()

    # The demo leader decides for the Dinas Kesehatan and has decisions waiting.
    assert Authority.objects.get(unit__code="DINKES").user == leader.user
    waiting = requests_to_act_on(leader.user, on=TODAY).filter(status="decision")
    assert waiting.count() >= 3
    assert [r.leave_type for r in LeaveRequest.objects.filter(employee=siti).order_by("start")] == [
        "tahunan",
        "pemulihan",
        "tahunan",
    ]
    assert BalanceAdjustment.objects.get().employee == siti

    for request in LeaveRequest.objects.select_related("employee__unit"):
        counted, _skipped = count_working_days(
            start=request.start, end=request.end, unit=request.employee.unit
        )
        assert request.workdays == counted >= 1
        assert request.approver_id != request.employee.user_id
        assert (request.number != "") == (request.status == "approved")
        kinds = list(request.events.values_list("kind", flat=True))
        assert kinds[0] == LeaveEvent.Kind.SUBMITTED
        if request.status in ("approved", "rejected", "postponed"):
            assert kinds[-1] == LeaveEvent.Kind.DECIDED
    numbers = list(LeaveRequest.objects.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))

    with pytest.raises(DemoLeaveError):
        seed_demo_leave(today=TODAY)
    first = _snapshot()
    LeaveRequest.objects.all().delete()
    BalanceAdjustment.objects.all().delete()
    seed_demo_leave(today=TODAY)
    assert _snapshot() == first

import datetime

import pytest
from django.core import mail

from rehat.audit.models import Entry
from rehat.leave.domain.confidential import Letter, read_letter, read_reason
from rehat.leave.domain.workflow import (
    LeaveRefused,
    NotAllowed,
    cancel_request,
    decide_request,
    find_approver,
    recommend_request,
    submit_request,
)
from rehat.leave.models import Authority, BalanceAdjustment, Delegation, LeaveRequest
from rehat.tests.factories import make_employee, make_role, make_unit

D = datetime.date
TODAY = D(2026, 7, 1)


def _submit(org, **fields):
    fields.setdefault("leave_type", "tahunan")
    fields.setdefault("start", D(2026, 7, 6))
    fields.setdefault("end", D(2026, 7, 8))
    fields.setdefault("reason", "Menengok orang tua")
    return submit_request(employee=org.employee, today=TODAY, **fields)


@pytest.mark.django_db
def test_the_approver_defaults_to_the_leader_above_the_employees_unit(org):
    assert find_approver(employee=org.employee) == (org.leader.user, "Kepala Dinas Alfa")


@pytest.mark.django_db
def test_the_leader_of_the_top_unit_comes_before_the_parent_unit(org):
    head = make_employee(unit=org.root)
    make_role(user=head.user, kind="leader", unit=org.root)
    assert find_approver(employee=org.employee) == (head.user, "Kepala Sekretariat Daerah")


@pytest.mark.django_db
def test_an_authority_row_on_the_nearest_unit_wins(org):
    Authority.objects.create(unit=org.root, user=org.other_leader.user, title="Sekretaris Daerah")
    Authority.objects.create(unit=org.alfa, user=org.hr.user, title="Kepala Dinas")
    assert find_approver(employee=org.employee) == (org.hr.user, "Kepala Dinas")


@pytest.mark.django_db
def test_a_leader_is_never_their_own_approver(org):
    lone = make_unit(code="SOLO", name="Unit Solo")
    head = make_employee(unit=lone)
    make_role(user=head.user, kind="leader", unit=lone)
    assert find_approver(employee=head) == (None, "")


@pytest.mark.django_db
def test_the_full_flow_approve_with_mail_at_each_step(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leave_request = _submit(org)
    assert leave_request.status == "recommendation"
    assert leave_request.workdays == 3
    assert mail.outbox[-1].to == [org.leader.user.email]
    with django_capture_on_commit_callbacks(execute=True):
        recommend_request(
            leave_request=leave_request,
            actor=org.leader.user,
            outcome="approve",
            note="",
            today=TODAY,
        )
    assert leave_request.status == "decision"
    with django_capture_on_commit_callbacks(execute=True):
        decide_request(
            leave_request=leave_request,
            actor=org.leader.user,
            outcome="approve",
            note="",
            today=TODAY,
        )
    leave_request.refresh_from_db()
    assert leave_request.status == "approved"
    assert leave_request.number == "0001/CUTI/ALFA1/2026"
    assert mail.outbox[-1].to == [org.employee.user.email]
    assert [e.kind for e in leave_request.events.all()] == ["submitted", "recommended", "decided"]


@pytest.mark.django_db
def test_a_rejecting_recommendation_still_goes_to_the_approver(org):
    Authority.objects.create(unit=org.root, user=org.hr.user)
    leave_request = _submit(org)
    recommend_request(
        leave_request=leave_request,
        actor=org.leader.user,
        outcome="reject",
        note="Sibuk",
        today=TODAY,
    )
    assert leave_request.status == "decision"
    with pytest.raises(NotAllowed):
        decide_request(
            leave_request=leave_request,
            actor=org.leader.user,
            outcome="approve",
            note="",
            today=TODAY,
        )
    decide_request(
        leave_request=leave_request, actor=org.hr.user, outcome="reject", note="Sibuk", today=TODAY
    )
    assert leave_request.status == "rejected"


@pytest.mark.django_db
def test_postponed_annual_leave_moves_to_next_year(org):
    leave_request = _submit(org)
    recommend_request(
        leave_request=leave_request,
        actor=org.leader.user,
        outcome="postpone",
        note="Audit",
        today=TODAY,
    )
    decide_request(
        leave_request=leave_request,
        actor=org.leader.user,
        outcome="postpone",
        note="Audit",
        today=TODAY,
    )
    assert leave_request.status == "postponed"
    adjustment = BalanceAdjustment.objects.get(employee=org.employee)
    assert (adjustment.year, adjustment.workdays) == (2027, 3)


@pytest.mark.django_db
def test_only_the_supervisor_or_their_delegate_recommends(org):
    leave_request = _submit(org)
    for outsider in [org.other_leader.user, org.hr.user, org.employee.user]:
        with pytest.raises(NotAllowed):
            recommend_request(
                leave_request=leave_request, actor=outsider, outcome="approve", note="", today=TODAY
            )
    Delegation.objects.create(
        from_user=org.leader.user, to_user=org.other_leader.user, start=TODAY, end=TODAY
    )
    recommend_request(
        leave_request=leave_request,
        actor=org.other_leader.user,
        outcome="approve",
        note="",
        today=TODAY,
    )
    event = leave_request.events.last()
    assert (event.actor_name, event.on_behalf_of) == (
        org.other_leader.user.name,
        org.leader.user.name,
    )


@pytest.mark.django_db
def test_a_delegation_ends_on_its_last_day(org):
    leave_request = _submit(org)
    Delegation.objects.create(
        from_user=org.leader.user,
        to_user=org.other_leader.user,
        start=D(2026, 6, 1),
        end=D(2026, 6, 30),
    )
    with pytest.raises(NotAllowed):
        recommend_request(
            leave_request=leave_request,
            actor=org.other_leader.user,
            outcome="approve",
            note="",
            today=TODAY,
        )


@pytest.mark.django_db
def test_delegates_are_mailed_too(org, django_capture_on_commit_callbacks):
    Delegation.objects.create(
        from_user=org.leader.user, to_user=org.other_leader.user, start=TODAY, end=TODAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        _submit(org)
    assert sorted(mail.outbox[-1].to) == sorted(
        [org.leader.user.email, org.other_leader.user.email]
    )


@pytest.mark.django_db
def test_without_a_supervisor_the_request_goes_straight_to_the_approver(org):
    org.employee.supervisor = None
    org.employee.save()
    assert _submit(org).status == "decision"


@pytest.mark.django_db
def test_a_refused_request_is_not_saved(org):
    with pytest.raises(LeaveRefused) as refused:
        _submit(org, leave_type="sakit")
    assert refused.value.check.problems == ["Lampirkan surat keterangan dokter."]
    assert LeaveRequest.objects.count() == 0


@pytest.mark.django_db
def test_the_employee_cancels_pending_or_future_leave_only(org):
    leave_request = _submit(org)
    with pytest.raises(NotAllowed):
        cancel_request(leave_request=leave_request, actor=org.leader.user, today=TODAY)
    cancel_request(leave_request=leave_request, actor=org.employee.user, today=TODAY)
    assert leave_request.status == "cancelled"
    started = _submit(org)
    started.status = "approved"
    started.save()
    with pytest.raises(NotAllowed):
        cancel_request(leave_request=started, actor=org.employee.user, today=D(2026, 7, 6))


@pytest.mark.django_db
def test_reason_and_letter_are_sealed_and_every_read_is_audited(org):
    letter = Letter(name="surat-psikolog.pdf", content_type="application/pdf", content=b"%PDF-1 x")
    leave_request = _submit(
        org, leave_type="pemulihan", reason="Kelelahan berat", letter=letter, end=D(2026, 7, 6)
    )
    stored = LeaveRequest.objects.get(pk=leave_request.pk)
    assert b"Kelelahan" not in bytes(stored.sealed_reason)
    assert b"psikolog" not in bytes(stored.sealed_letter)
    assert read_reason(actor=org.hr.user, leave_request=stored) == "Kelelahan berat"
    assert read_letter(actor=org.hr.user, leave_request=stored) == letter
    entries = Entry.objects.filter(target_type="leave.leaverequest", action="read")
    assert sorted(e.changes["field"] for e in entries) == ["alasan", "surat"]
    for entry in entries:
        assert "pemulihan" not in entry.target_repr.replace("sakit/pemulihan", "")
        assert "Kelelahan" not in str(entry.changes)


@pytest.mark.django_db
def test_mail_never_tells_recovery_from_sick_leave(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(
            org,
            leave_type="pemulihan",
            reason="Kelelahan berat",
            end=D(2026, 7, 6),
            letter=Letter(name="a.pdf", content_type="application/pdf", content=b"x"),
        )
    body = mail.outbox[-1].body
    assert "Cuti sakit/pemulihan" in body
    assert "Cuti pemulihan" not in body
    assert "Kelelahan" not in body

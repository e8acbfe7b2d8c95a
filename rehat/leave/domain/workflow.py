"""Request → atasan langsung recommends → pejabat berwenang decides; cancellation; mail.

Peraturan BKN 7/2022 (PPPK; the same in practice for PNS): the atasan's recommendation
(approve, postpone, reject, with a reason) goes to the pejabat berwenang whatever it says;
the pejabat decides. Mail never names sick or recovery leave apart, nor any reason.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.accounts.tasks import send_email
from rehat.leave.domain.checks import NO_DETAILS, Check, RequestDetails, check_request
from rehat.leave.domain.confidential import Letter, seal_letter, seal_reason
from rehat.leave.domain.rules import get_rule
from rehat.leave.models import (
    Authority,
    BalanceAdjustment,
    Delegation,
    LeaveEvent,
    LeaveRequest,
    LeaveType,
    LetterCounter,
)
from rehat.leave.permissions import can_cancel, can_decide, can_recommend
from rehat.organizations.models import Employee, Role

Status = LeaveRequest.Status
Outcome = LeaveEvent.Outcome


class LeaveRefused(Exception):
    def __init__(self, check: Check) -> None:
        super().__init__("; ".join(check.problems))
        self.check = check


class NotAllowed(Exception):
    pass


class CannotPostpone(NotAllowed):
    """Cuti besar for a 4th or later birth may not be postponed (PP 11/2017 Pasal 327)."""


def find_approver(*, employee: Employee) -> tuple[User | None, str]:
    """The pejabat berwenang: the nearest Authority row, else the leader of the top unit,
    else the nearest leader above the employee's own unit. Never the employee."""
    chain = employee.unit.ancestor_ids() or [employee.unit_id]
    authorities = {
        row.unit_id: row
        for row in Authority.objects.filter(unit_id__in=chain)
        .exclude(user_id=employee.user_id)
        .select_related("user", "unit")
    }
    for unit_id in reversed(chain):
        if unit_id in authorities:
            row = authorities[unit_id]
            return row.user, row.title or _("Kepala %(unit)s") % {"unit": row.unit.name}
    leaders = {
        role.unit_id: role
        for role in Role.objects.filter(kind=Role.Kind.LEADER, unit_id__in=chain)
        .exclude(user_id=employee.user_id)
        .select_related("user", "unit")
        .order_by("-pk")
    }
    for unit_id in [chain[0], *reversed(chain[:-1])]:
        if unit_id in leaders:
            role = leaders[unit_id]
            assert role.unit is not None
            return role.user, _("Kepala %(unit)s") % {"unit": role.unit.name}
    return None, ""


def _with_delegates(user: User | None, *, on: datetime.date) -> list[User]:
    if user is None:
        return []
    delegates = [
        row.to_user
        for row in Delegation.objects.filter(from_user=user, start__lte=on, end__gte=on)
        .select_related("to_user")
        .order_by("pk")
    ]
    return [user, *delegates]


def _notify(*, users: list[User], subject: str, leave_request: LeaveRequest, line: str) -> None:
    to = sorted({user.email for user in users if user.email})
    if not to:
        return
    url = settings.SITE_URL + reverse("leave:request-detail", args=[leave_request.code])
    body = "\n\n".join(
        [
            line,
            _("%(category)s, %(start)s sampai %(end)s (%(days)d hari kerja).")
            % {
                "category": leave_request.category(reveal=False),
                "start": leave_request.start.isoformat(),
                "end": leave_request.end.isoformat(),
                "days": leave_request.workdays,
            },
            url,
        ]
    )
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


def _event(
    leave_request: LeaveRequest,
    *,
    kind: str,
    actor: User,
    outcome: str = "",
    note: str = "",
    on_behalf_of: User | None = None,
) -> LeaveEvent:
    behalf = on_behalf_of.name if on_behalf_of and on_behalf_of.pk != actor.pk else ""
    return LeaveEvent.objects.create(
        request=leave_request,
        kind=kind,
        outcome=outcome,
        note=note,
        actor=actor,
        actor_name=actor.name,
        on_behalf_of=behalf,
    )


@transaction.atomic
def submit_request(
    *,
    employee: Employee,
    leave_type: str,
    start: datetime.date,
    end: datetime.date,
    reason: str,
    today: datetime.date,
    letter: Letter | None = None,
    birth_order: int | None = None,
    address: str = "",
    details: RequestDetails = NO_DETAILS,
) -> LeaveRequest:
    # Lock the employee row: two requests sent at once must not both spend the last days.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    check = check_request(
        employee=employee,
        leave_type=leave_type,
        start=start,
        end=end,
        has_letter=letter is not None,
        today=today,
        birth_order=birth_order,
        details=details,
    )
    if not check.ok:
        raise LeaveRefused(check)
    supervisor = employee.supervisor.user if employee.supervisor else None
    approver, title = find_approver(employee=employee)
    leave_request = LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type,
        start=start,
        end=end,
        workdays=check.workdays,
        birth_order=birth_order,
        address=address,
        travel_days=details.travel_days,
        travel_place=details.travel_place.strip() if details.travel_days else "",
        sealed_reason=seal_reason(text=reason),
        sealed_letter=seal_letter(letter=letter) if letter else None,
        status=Status.RECOMMENDATION if supervisor else Status.DECISION,
        supervisor=supervisor,
        approver=approver,
        approver_title=title,
    )
    _event(leave_request, kind=LeaveEvent.Kind.SUBMITTED, actor=employee.user)
    first = supervisor if supervisor else approver
    _notify(
        users=_with_delegates(first, on=today),
        subject=_("Permohonan cuti menunggu Anda"),
        leave_request=leave_request,
        line=_("%(name)s mengajukan cuti dan menunggu tanggapan Anda.")
        % {"name": employee.user.name},
    )
    return leave_request


@transaction.atomic
def recommend_request(
    *, leave_request: LeaveRequest, actor: User, outcome: str, note: str, today: datetime.date
) -> LeaveRequest:
    if not can_recommend(actor, leave_request, on=today):
        raise NotAllowed
    leave_request.status = Status.DECISION
    leave_request.save(update_fields=["status"])
    _event(
        leave_request,
        kind=LeaveEvent.Kind.RECOMMENDED,
        actor=actor,
        outcome=outcome,
        note=note,
        on_behalf_of=leave_request.supervisor,
    )
    _notify(
        users=_with_delegates(leave_request.approver, on=today),
        subject=_("Permohonan cuti menunggu keputusan Anda"),
        leave_request=leave_request,
        line=_("Atasan langsung %(name)s sudah memberi pertimbangan: %(outcome)s.")
        % {"name": leave_request.employee.user.name, "outcome": Outcome(outcome).label},
    )
    return leave_request


def _highest_number(year: int) -> int:
    """The highest number already given in `year` by other means (data from before the
    counter, imports): the counter starts after it."""
    heads = [
        number.split("/", 1)[0]
        for number in LeaveRequest.objects.filter(number__endswith=f"/{year}").values_list(
            "number", flat=True
        )
    ]
    return max((int(head) for head in heads if head.isdigit()), default=0)


def next_number(*, unit_code: str, year: int) -> str:
    """The next letter number of the year. Call it inside the decision's transaction: the
    counter row stays locked until that transaction ends, so a concurrent decision waits and
    takes the following number, and a rolled-back decision gives its number back (no gap).
    The unique constraint on LeaveRequest.number is the last guard."""
    counter = LetterCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        # First number of the year. Two first decisions at once: one insert wins, the
        # other fails on the unique year inside its savepoint and locks the winner's row.
        counter, _created = LetterCounter.objects.select_for_update().get_or_create(
            year=year, defaults={"last": _highest_number(year)}
        )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{counter.last:04d}/CUTI/{unit_code}/{year}"


@transaction.atomic
def decide_request(
    *, leave_request: LeaveRequest, actor: User, outcome: str, note: str, today: datetime.date
) -> LeaveRequest:
    if not can_decide(actor, leave_request, on=today):
        raise NotAllowed
    if outcome == Outcome.POSTPONE and _birth_cuti_besar(leave_request):
        raise CannotPostpone
    leave_request.status = {
        Outcome.APPROVE: Status.APPROVED,
        Outcome.POSTPONE: Status.POSTPONED,
        Outcome.REJECT: Status.REJECTED,
    }[Outcome(outcome)]
    leave_request.decided = today
    if leave_request.status == Status.APPROVED:
        leave_request.number = next_number(
            unit_code=leave_request.employee.unit.code, year=today.year
        )
    leave_request.save(update_fields=["status", "decided", "number"])
    if leave_request.status == Status.POSTPONED and leave_request.leave_type == LeaveType.TAHUNAN:
        # Postponed annual leave may be taken next year (PP 11/2017: up to 24 days in all).
        BalanceAdjustment.objects.create(
            employee=leave_request.employee,
            year=leave_request.start.year + 1,
            workdays=leave_request.workdays,
            note=_("Cuti tahunan ditangguhkan"),
            created_by=actor,
        )
    _event(
        leave_request,
        kind=LeaveEvent.Kind.DECIDED,
        actor=actor,
        outcome=outcome,
        note=note,
        on_behalf_of=leave_request.approver,
    )
    _notify(
        users=[leave_request.employee.user],
        subject=_("Keputusan atas permohonan cuti Anda"),
        leave_request=leave_request,
        line=_("Permohonan cuti Anda %(status)s.") % {"status": leave_request.get_status_display()},
    )
    return leave_request


def _birth_cuti_besar(leave_request: LeaveRequest) -> bool:
    if leave_request.leave_type != LeaveType.BESAR or leave_request.birth_order is None:
        return False
    rule = get_rule(regime=leave_request.employee.kind, leave_type=LeaveType.BESAR)
    return bool(
        rule and rule.birth_from_order and leave_request.birth_order >= rule.birth_from_order
    )


@transaction.atomic
def cancel_request(
    *, leave_request: LeaveRequest, actor: User, today: datetime.date
) -> LeaveRequest:
    if not can_cancel(actor, leave_request, on=today):
        raise NotAllowed
    was_pending = leave_request.is_pending
    leave_request.status = Status.CANCELLED
    leave_request.save(update_fields=["status"])
    _event(leave_request, kind=LeaveEvent.Kind.CANCELLED, actor=actor)
    told = [leave_request.supervisor, leave_request.approver]
    if was_pending and leave_request.supervisor and leave_request.approver:
        told = (
            told
            if leave_request.events.filter(kind=LeaveEvent.Kind.RECOMMENDED).exists()
            else told[:1]
        )
    _notify(
        users=[user for user in told if user is not None],
        subject=_("Permohonan cuti dibatalkan"),
        leave_request=leave_request,
        line=_("%(name)s membatalkan cutinya.") % {"name": leave_request.employee.user.name},
    )
    return leave_request

"""Leave for the demo agency "Pemerintah Kota Contoh": requests in every state, a few
recovery leaves, the pejabat berwenang, and the demo HR officer as the one medical reader.

Deterministic from the seed; dates are relative to `today`, so the demo always has leave
behind it, waiting for a decision, and ahead of it. Run after the demo agency exists
(rehat.organizations.domain.demo.seed_demo):

    from rehat.leave.demo import DemoLeaveError, seed_demo_leave
    counts = seed_demo_leave(today=timezone.localdate())

Rows are written directly (no mail is sent), as the workflow would have left them.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import build_entry, log_many
from rehat.audit.models import Entry
from rehat.leave.domain.confidential import seal_reason
from rehat.leave.domain.rules import get_policy
from rehat.leave.domain.workflow import find_approver
from rehat.leave.models import (
    Authority,
    BalanceAdjustment,
    LeaveEvent,
    LeaveRequest,
    LeaveType,
    MedicalReader,
)
from rehat.organizations.domain.demo import AGENCY_SHORT_NAME, list_demo_logins
from rehat.organizations.models import Employee, Role, Unit
from rehat.schedule.domain.calendar import non_working_days

Status = LeaveRequest.Status
Outcome = LeaveEvent.Outcome

# Units whose head decides leave for the whole subtree, with the post on the letter.
AUTHORITIES = (
    (None, "Sekretaris Daerah"),  # the root unit
    ("DINKES", "Kepala Dinas Kesehatan"),
    ("BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
)
# Randomly drawn requests beyond the ones of the demo accounts.
DRAWN = 60
RECOVERY = 12  # approved recovery leaves across the agency, so the HR total shows
REASONS = {
    LeaveType.TAHUNAN: ("Liburan keluarga", "Mengantar anak masuk sekolah", "Urusan keluarga"),
    LeaveType.SAKIT: ("Demam berdarah, rawat jalan", "Operasi kecil", "Radang tenggorokan"),
    LeaveType.PEMULIHAN: (
        "Kelelahan setelah lembur panjang",
        "Pemulihan sesuai saran psikolog",
        "Istirahat setelah masa kerja yang berat",
    ),
    LeaveType.ALASAN_PENTING: ("Orang tua dirawat di rumah sakit", "Pernikahan adik"),
}
LEADER_CASES = (
    (LeaveType.TAHUNAN, 10, 3, Status.DECISION),
    (LeaveType.PEMULIHAN, 14, 2, Status.DECISION),
    (LeaveType.TAHUNAN, 18, 1, Status.DECISION),
    (LeaveType.TAHUNAN, 22, 2, Status.RECOMMENDATION),
    (LeaveType.TAHUNAN, 30, 5, Status.POSTPONED),
    (LeaveType.TAHUNAN, -40, 2, Status.REJECTED),
    (LeaveType.ALASAN_PENTING, -20, 3, Status.CANCELLED),
)
DAYS: dict[str, tuple[int, int]] = {LeaveType.TAHUNAN: (1, 5), LeaveType.SAKIT: (1, 3)}
REFUSAL = "Kebutuhan dinas mendesak pada tanggal tersebut; silakan ajukan tanggal lain."


class DemoLeaveError(Exception):
    """Leave cannot be seeded here (no demo agency, or leave already present)."""


@dataclass(frozen=True)
class _Planned:
    employee: Employee
    leave_type: str
    offset: int  # days from today to the first day (negative: in the past)
    workdays: int
    status: str


def _span(
    employee: Employee, first: datetime.date, workdays: int
) -> tuple[datetime.date, datetime.date]:
    """The first working day from `first`, and the day that closes `workdays` working days."""
    closed = non_working_days(
        start=first, end=first + datetime.timedelta(days=90), unit=employee.unit
    )
    day, start, counted = first, None, 0
    while True:
        if day not in closed:
            start = start or day
            counted += 1
            if counted == workdays:
                return start, day
        day += datetime.timedelta(days=1)


def _draw_type(rng: random.Random, employee: Employee) -> str:
    if employee.kind == Employee.Kind.PPPK:
        return rng.choices([LeaveType.TAHUNAN, LeaveType.SAKIT], weights=[8, 2])[0]
    return rng.choices(
        [LeaveType.TAHUNAN, LeaveType.SAKIT, LeaveType.ALASAN_PENTING], weights=[7, 2, 1]
    )[0]


def _draw_status(rng: random.Random, offset: int) -> str:
    if offset < 0:
        return rng.choices([Status.APPROVED, Status.REJECTED, Status.CANCELLED], [8, 1, 1])[0]
    return rng.choices(
        [Status.RECOMMENDATION, Status.DECISION, Status.APPROVED, Status.POSTPONED],
        [4, 3, 3, 1],
    )[0]


def _plan(
    rng: random.Random,
    staff: list[Employee],
    demo: dict[str, Employee],
    leader_staff: list[Employee],
) -> list[_Planned]:
    plan: list[_Planned] = []
    siti = demo.get("employee")
    if siti is not None:
        plan += [
            _Planned(siti, LeaveType.TAHUNAN, -75, 3, Status.APPROVED),
            _Planned(siti, LeaveType.PEMULIHAN, -30, 2, Status.APPROVED),
            _Planned(siti, LeaveType.TAHUNAN, 21, 2, Status.RECOMMENDATION),
        ]
    # The demo leader (Kepala Dinas Kesehatan, pejabat for the Dinas): decisions waiting,
    # and one of each other state, so that every state shows in the demo.
    for employee, (leave_type, offset, workdays, status) in zip(
        leader_staff, LEADER_CASES, strict=False
    ):
        plan.append(_Planned(employee, leave_type, offset, workdays, status))
    pool = [e for e in staff if e not in leader_staff]
    chosen = rng.sample(pool, min(len(pool), DRAWN + RECOVERY))
    for employee in chosen[:RECOVERY]:
        plan.append(
            _Planned(
                employee,
                LeaveType.PEMULIHAN,
                -rng.randint(7, 150),
                rng.randint(1, 3),
                Status.APPROVED,
            )
        )
    for employee in chosen[RECOVERY:]:
        offset = rng.randint(-150, 60)
        drawn = _draw_type(rng, employee)
        days = DAYS.get(drawn, (2, 5))
        plan.append(
            _Planned(employee, drawn, offset, rng.randint(*days), _draw_status(rng, offset))
        )
    return plan


def _demo_people() -> dict[str, Employee]:
    logins = {login.role: login.email for login in list_demo_logins()}
    people = Employee.objects.select_related("user", "unit", "supervisor__user").filter(
        user__email__in=logins.values()
    )
    by_email = {e.user.email: e for e in people}
    return {role: by_email[email] for role, email in logins.items() if email in by_email}


def _set_authorities(entries: list[Entry]) -> int:
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    count = 0
    for code, title in AUTHORITIES:
        unit = root if code is None else Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        head = Role.objects.filter(kind=Role.Kind.LEADER, unit=unit).select_related("user").first()
        if head is None:
            continue
        row, created = Authority.objects.get_or_create(
            unit=unit, defaults={"user": head.user, "title": title}
        )
        if created:
            entries.append(
                build_entry(
                    actor=None,
                    action=Entry.Action.CREATE,
                    target=row,
                    changes={"unit": unit.code, "user": head.user.email, "title": row.title},
                )
            )
            count += 1
    return count


def _events(leave_request: LeaveRequest, planned: _Planned) -> list[LeaveEvent]:
    employee = planned.employee.user
    events = [
        LeaveEvent(
            request=leave_request,
            kind=LeaveEvent.Kind.SUBMITTED,
            actor=employee,
            actor_name=employee.name,
        )
    ]
    if planned.status == Status.CANCELLED:
        events.append(
            LeaveEvent(
                request=leave_request,
                kind=LeaveEvent.Kind.CANCELLED,
                actor=employee,
                actor_name=employee.name,
            )
        )
        return events
    if planned.status == Status.RECOMMENDATION:
        return events
    supervisor = leave_request.supervisor
    if supervisor is not None:
        events.append(
            LeaveEvent(
                request=leave_request,
                kind=LeaveEvent.Kind.RECOMMENDED,
                outcome=Outcome.APPROVE,
                actor=supervisor,
                actor_name=supervisor.name,
            )
        )
    approver: User | None = leave_request.approver
    if planned.status != Status.DECISION and approver is not None:
        outcome = {
            Status.APPROVED: Outcome.APPROVE,
            Status.REJECTED: Outcome.REJECT,
            Status.POSTPONED: Outcome.POSTPONE,
        }[Status(planned.status)]
        events.append(
            LeaveEvent(
                request=leave_request,
                kind=LeaveEvent.Kind.DECIDED,
                outcome=outcome,
                note="" if outcome == Outcome.APPROVE else REFUSAL,
                actor=approver,
                actor_name=approver.name,
            )
        )
    return events


@transaction.atomic
def seed_demo_leave(*, today: datetime.date, seed: int = 2026) -> dict[str, int]:
    """Write the demo agency's leave; returns counts. Refuses when any leave exists."""
    if LeaveRequest.objects.exists():
        raise DemoLeaveError(_("Data cuti sudah ada; tidak ada yang diubah."))
    demo = _demo_people()
    if "hr" not in demo:
        raise DemoLeaveError(_("Belum ada instansi demo: buat dulu dengan rehat demo_data."))
    entries: list[Entry] = []
    authorities = _set_authorities(entries)
    hr = demo["hr"].user
    reader, created = MedicalReader.objects.get_or_create(user=hr, defaults={"granted_by": "demo"})
    if created:
        entries.append(
            build_entry(
                actor=None,
                action=Entry.Action.GRANT,
                target=reader,
                changes={"medical_reader": hr.email},
            )
        )
    policy = get_policy()
    if not policy.city:
        policy.city = AGENCY_SHORT_NAME
        policy.save(update_fields=["city"])

    rng = random.Random(f"{seed}:leave")
    fixed = {e.pk for e in demo.values()}
    staff = list(
        Employee.objects.select_related("user", "unit", "supervisor__user")
        .exclude(pk__in=fixed)
        .order_by("pk")
    )
    leader = demo.get("leader")
    dinkes = leader.unit.path if leader else None
    leader_staff = [e for e in staff if dinkes and e.unit.path.startswith(dinkes)] if leader else []
    plan = _plan(
        rng, staff, demo, rng.sample(leader_staff, min(len(LEADER_CASES), len(leader_staff)))
    )

    numbers: Counter[int] = Counter()
    events: list[LeaveEvent] = []
    for planned in plan:
        employee = planned.employee
        start, end = _span(
            employee, today + datetime.timedelta(days=planned.offset), planned.workdays
        )
        approver, title = find_approver(employee=employee)
        reason = rng.choice(REASONS[LeaveType(planned.leave_type)])
        number = ""
        decided = None
        if planned.status in (Status.APPROVED, Status.REJECTED, Status.POSTPONED):
            decided = min(today, start - datetime.timedelta(days=3))
        if planned.status == Status.APPROVED:
            assert decided is not None
            numbers[decided.year] += 1
            number = f"{numbers[decided.year]:04d}/CUTI/{employee.unit.code}/{decided.year}"
        leave_request = LeaveRequest.objects.create(
            employee=employee,
            leave_type=planned.leave_type,
            start=start,
            end=end,
            workdays=planned.workdays,
            sealed_reason=seal_reason(text=reason),
            status=planned.status,
            supervisor=employee.supervisor.user if employee.supervisor else None,
            approver=approver,
            approver_title=title,
            number=number,
            decided=decided,
        )
        events += _events(leave_request, planned)
    LeaveEvent.objects.bulk_create(events)

    siti = demo.get("employee")
    if siti is not None:
        adjustment = BalanceAdjustment.objects.create(
            employee=siti,
            year=today.year,
            workdays=2,
            note="Bertugas di posko kesehatan saat cuti bersama Idulfitri",
            created_by=hr,
        )
        entry = build_entry(
            actor=None,
            action=Entry.Action.CREATE,
            target=adjustment,
            changes={"employee": siti.nip, "year": today.year, "workdays": 2},
        )
        entry.target_repr = f"{today.year} +2"
        entries.append(entry)
    log_many(entries)
    statuses = Counter(p.status for p in plan)
    return {
        "requests": len(plan),
        "approved": statuses[Status.APPROVED],
        "waiting": statuses[Status.RECOMMENDATION] + statuses[Status.DECISION],
        "recovery": sum(p.leave_type == LeaveType.PEMULIHAN for p in plan),
        "authorities": authorities,
        "medical_readers": MedicalReader.objects.count(),
    }

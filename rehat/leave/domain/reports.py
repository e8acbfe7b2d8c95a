"""Who is away when (leaders) and leave per unit, type and period (HR).

Neither view ever tells recovery leave from sick leave for a person. HR's table counts
recovery leave apart only where at least `min_group` such requests exist (REHAT_MIN_GROUP).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum

from rehat.leave.models import LeaveRequest, LeaveType
from rehat.organizations.models import Unit

COLUMNS = [
    LeaveType.TAHUNAN,
    LeaveType.BESAR,
    LeaveType.SAKIT,
    LeaveType.MELAHIRKAN,
    LeaveType.ALASAN_PENTING,
    LeaveType.CLTN,
]


@dataclass
class SummaryRow:
    unit_code: str
    unit_name: str
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # type → (requests, days)
    recovery: int | None = None  # shown only at or above the group threshold

    def cell_list(self) -> list[tuple[int, int]]:
        return [self.cells.get(kind, (0, 0)) for kind in COLUMNS]


@dataclass
class Summary:
    rows: list[SummaryRow]
    recovery_total: int | None
    columns: list[str]


def list_unit_absences(
    *, units: QuerySet[Unit], start: datetime.date, end: datetime.date
) -> QuerySet[LeaveRequest]:
    """Approved leave in these units overlapping [start, end], earliest first."""
    return (
        LeaveRequest.objects.filter(
            employee__unit__in=units,
            status=LeaveRequest.Status.APPROVED,
            start__lte=end,
            end__gte=start,
        )
        .select_related("employee__user", "employee__unit")
        .order_by("start", "employee__user__name", "pk")
    )


def list_requests(*, year: int, unit: Unit | None) -> QuerySet[LeaveRequest]:
    """Every request starting in `year` (in `unit`'s subtree), for HR's administration."""
    requests = LeaveRequest.objects.filter(start__year=year)
    if unit is not None:
        requests = requests.filter(employee__unit__path__startswith=unit.path)
    return requests.select_related("employee__user", "employee__unit").order_by("-start", "-pk")


def summarize_leave(*, year: int, unit: Unit | None, min_group: int) -> Summary:
    approved = LeaveRequest.objects.filter(status=LeaveRequest.Status.APPROVED, start__year=year)
    if unit is not None:
        approved = approved.filter(employee__unit__path__startswith=unit.path)
    grouped = (
        approved.values("employee__unit__code", "employee__unit__name", "leave_type")
        .annotate(n=Count("pk"), days=Sum("workdays"))
        .order_by("employee__unit__path")
    )
    rows: dict[str, SummaryRow] = {}
    recovery: dict[str, int] = {}
    for item in grouped:
        code = item["employee__unit__code"]
        row = rows.setdefault(code, SummaryRow(code, item["employee__unit__name"]))
        kind = item["leave_type"]
        if kind == LeaveType.PEMULIHAN:
            recovery[code] = item["n"]
            kind = LeaveType.SAKIT
        n, days = row.cells.get(kind, (0, 0))
        row.cells[kind] = (n + item["n"], days + (item["days"] or 0))
    for code, count in recovery.items():
        rows[code].recovery = count if count >= min_group else None
    total = sum(recovery.values())
    return Summary(
        rows=list(rows.values()),
        recovery_total=total if total >= min_group else None,
        columns=[str(LeaveType(kind).label) for kind in COLUMNS],
    )

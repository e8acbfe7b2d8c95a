"""Who is away when (leaders) and leave per unit, type and period (HR).

Neither view ever tells recovery leave from sick leave for a person. HR's table counts
recovery leave apart only where at least `min_group` such requests exist (REHAT_MIN_GROUP),
and never in a way that lets a hidden count be worked out from the shown ones.

A request belongs to the period in which it starts, as the yearly summary always did: its
working days are counted in full, and a period never splits one request in two.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

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
    kinds: list[str] = field(default_factory=lambda: list(COLUMNS))

    def cell_list(self) -> list[tuple[int, int]]:
        return [self.cells.get(kind, (0, 0)) for kind in self.kinds]


@dataclass
class Summary:
    rows: list[SummaryRow]
    recovery_total: int | None
    columns: list[str]
    kinds: list[str] = field(default_factory=lambda: list(COLUMNS))
    shows_recovery: bool = True

    def totals(self) -> list[tuple[int, int]]:
        sums = []
        for kind in self.kinds:
            cells = [row.cells.get(kind, (0, 0)) for row in self.rows]
            sums.append((sum(n for n, _days in cells), sum(days for _n, days in cells)))
        return sums


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


def _type_filter(leave_type: str | None) -> Q:
    """A recorded type: cuti sakit takes recovery leave with it, and nothing filters recovery
    leave alone."""
    if not leave_type:
        return Q()
    if leave_type == LeaveType.SAKIT:
        return Q(leave_type__in=[LeaveType.SAKIT, LeaveType.PEMULIHAN])
    return Q(leave_type=leave_type)


def _scope(
    requests: QuerySet[LeaveRequest],
    *,
    start: datetime.date,
    end: datetime.date,
    unit: Unit | None,
    leave_type: str | None,
) -> QuerySet[LeaveRequest]:
    requests = requests.filter(_type_filter(leave_type), start__gte=start, start__lte=end)
    if unit is not None:
        requests = requests.filter(employee__unit__path__startswith=unit.path)
    return requests


def list_requests(
    *,
    start: datetime.date,
    end: datetime.date,
    unit: Unit | None,
    leave_type: str | None = None,
) -> QuerySet[LeaveRequest]:
    """Every request starting in [start, end] (in `unit`'s subtree), for HR's administration."""
    requests = _scope(
        LeaveRequest.objects.all(), start=start, end=end, unit=unit, leave_type=leave_type
    )
    return requests.select_related("employee__user", "employee__unit").order_by("-start", "-pk")


def _suppress(counts: dict[str, int], *, min_group: int) -> tuple[dict[str, int | None], bool]:
    """Per-unit recovery counts below `min_group` hidden, and whether the total may show.

    Hiding a small count is not enough when the total is shown: the total minus the shown
    counts gives the hidden sum back. So while that sum is above zero but below `min_group`,
    the smallest shown count is hidden too; if nothing is left to hide, the total is hidden.
    """
    shown: dict[str, int | None] = {
        code: (n if n >= min_group else None) for code, n in counts.items()
    }
    total = sum(counts.values())
    if total < min_group:
        return shown, False
    hidden = sum(counts[code] for code, n in shown.items() if n is None)
    while 0 < hidden < min_group:
        visible = sorted((n, code) for code, n in shown.items() if n is not None)
        if not visible:
            return shown, False
        n, code = visible[0]
        shown[code] = None
        hidden += n
    return shown, True


def summarize_leave(
    *,
    start: datetime.date,
    end: datetime.date,
    unit: Unit | None,
    min_group: int,
    leave_type: str | None = None,
) -> Summary:
    """Approved requests starting in [start, end], per unit and recorded type, in one query."""
    approved = _scope(
        LeaveRequest.objects.filter(status=LeaveRequest.Status.APPROVED),
        start=start,
        end=end,
        unit=unit,
        leave_type=leave_type,
    )
    grouped = (
        approved.values("employee__unit__code", "employee__unit__name", "leave_type")
        .annotate(n=Count("pk"), days=Sum("workdays"))
        .order_by("employee__unit__path", "leave_type")
    )
    kinds: list[str] = [leave_type] if leave_type else [str(kind) for kind in COLUMNS]
    rows: dict[str, SummaryRow] = {}
    recovery: dict[str, int] = {}
    for item in grouped:
        code = item["employee__unit__code"]
        row = rows.setdefault(code, SummaryRow(code, item["employee__unit__name"], kinds=kinds))
        kind = item["leave_type"]
        if kind == LeaveType.PEMULIHAN:
            recovery[code] = item["n"]
            kind = LeaveType.SAKIT
        n, days = row.cells.get(kind, (0, 0))
        row.cells[kind] = (n + item["n"], days + (item["days"] or 0))
    shown, total_shown = _suppress(recovery, min_group=min_group)
    for code, count in shown.items():
        rows[code].recovery = count
    return Summary(
        rows=list(rows.values()),
        recovery_total=sum(recovery.values()) if total_shown else None,
        columns=[str(LeaveType(kind).label) for kind in kinds],
        kinds=kinds,
        shows_recovery=LeaveType.SAKIT in kinds,
    )


def export_summary_csv(*, summary: Summary, min_group: int) -> str:
    """The summary table as CSV: one row per unit, then the agency's totals.

    Each type has two columns (requests, working days). A hidden recovery count is written
    as "<N", N being the group threshold, exactly as the page shows it.
    """
    hidden = f"<{min_group}"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = [_("kode unit"), _("unit kerja")]
    for label in summary.columns:
        head += [
            _("%(type)s: permohonan") % {"type": label},
            _("%(type)s: hari kerja") % {"type": label},
        ]
    if summary.shows_recovery:
        head.append(_("di antaranya pemulihan"))
    writer.writerow(head)
    for row in summary.rows:
        line: list[object] = [row.unit_code, row.unit_name]
        for n, days in row.cell_list():
            line += [n, days]
        if summary.shows_recovery:
            line.append(row.recovery if row.recovery is not None else hidden)
        writer.writerow(line)
    total: list[object] = ["", _("Jumlah")]
    for n, days in summary.totals():
        total += [n, days]
    if summary.shows_recovery:
        total.append(summary.recovery_total if summary.recovery_total is not None else hidden)
    writer.writerow(total)
    return out.getvalue()

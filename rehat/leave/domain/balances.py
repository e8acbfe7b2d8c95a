"""Years of service and leave balances per employee per year, carry-over included.

Cuti tahunan (PP 11/2017 Pasal 313; Peraturan BKN 7/2022 Pasal 7): 12 working days a year
once eligible. Unused days of last year's own entitlement carry over, at most `carry_max`
(total at most 18); if none was taken in each of the two previous eligible years the total
is `carry_two_year_total` (24) including this year. Cuti besar cancels the year's cuti
tahunan. HR adjustments (cuti bersama not taken because of duty, postponed leave) add to
the total, which never exceeds 24. Pending requests hold their days until decided.

Teachers and lecturers marked as HolidayStaff get no cuti tahunan (PP 11/2017 Pasal 315;
PP 49/2018 Pasal 81). A PPPK's cuti tahunan taken before one year of service (PP 49/2018
Pasal 80) reduces the first year in which the cuti tahunan is due.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum

from rehat.leave.domain.rules import LeaveRule, get_rule
from rehat.leave.models import (
    BalanceAdjustment,
    HolidayStaff,
    LeaveRequest,
    LeaveType,
    ServiceStart,
)
from rehat.organizations.models import Employee
from rehat.schedule.domain.calendar import count_working_days


@dataclass(frozen=True)
class Balance:
    leave_type: str
    year: int
    entitlement: int
    carried: int
    adjusted: int
    used: int
    pending: int

    @property
    def total(self) -> int:
        return self.entitlement + self.carried + self.adjusted

    @property
    def available(self) -> int:
        return self.total - self.used - self.pending


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def get_service_start(*, employee: Employee) -> datetime.date | None:
    """HR's record, else the NIP: TMT CPNS (digits 9–14) or the PPPK year (9–12)."""
    record = ServiceStart.objects.filter(employee=employee).first()
    if record is not None:
        return record.date
    digits = employee.nip
    try:
        if employee.kind == Employee.Kind.PNS:
            return datetime.date(int(digits[8:12]), int(digits[12:14]), 1)
        return datetime.date(int(digits[8:12]), 1, 1)
    except (ValueError, IndexError):
        return None


def count_service_months(*, employee: Employee, on: datetime.date) -> int | None:
    start = get_service_start(employee=employee)
    if start is None:
        return None
    months = (on.year - start.year) * 12 + on.month - start.month
    return months - (1 if on.day < start.day else 0)


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def count_days_in_year(*, request: LeaveRequest, year: int) -> int:
    """The request's working days that fall in `year` (a request may cross New Year). The
    travel days for a place hard to reach, at the end of the request, count no working day."""
    first, last = _year_bounds(year)
    if request.start >= first and request.end <= last:
        return request.workdays
    annual_end = request.end - datetime.timedelta(days=request.travel_days)
    start, end = max(request.start, first), min(annual_end, last)
    if end < start:
        return 0
    days, _skipped = count_working_days(start=start, end=end, unit=request.employee.unit)
    return days


def _used(employee: Employee, leave_types: list[str], year: int) -> tuple[int, int]:
    """(approved, pending) working days of these types in `year`."""
    first, last = _year_bounds(year)
    requests = LeaveRequest.objects.filter(
        employee=employee,
        leave_type__in=leave_types,
        status__in=LeaveRequest.ACTIVE,
        start__lte=last,
        end__gte=first,
    ).select_related("employee__unit")
    approved = pending = 0
    for request in requests:
        days = count_days_in_year(request=request, year=year)
        if request.status == LeaveRequest.Status.APPROVED:
            approved += days
        else:
            pending += days
    return approved, pending


def _eligible_in(employee: Employee, rule: LeaveRule, year: int) -> bool:
    months = count_service_months(employee=employee, on=datetime.date(year, 12, 31))
    return months is not None and months >= (rule.min_service_months or 0)


def _has_cuti_besar(employee: Employee, year: int) -> bool:
    first, last = _year_bounds(year)
    return LeaveRequest.objects.filter(
        Q(start__lte=last) & Q(end__gte=first),
        employee=employee,
        leave_type=LeaveType.BESAR,
        status__in=LeaveRequest.ACTIVE,
    ).exists()


def _annual_entitlement(employee: Employee, rule: LeaveRule, year: int) -> int:
    if not _eligible_in(employee, rule, year) or _has_cuti_besar(employee, year):
        return 0
    return rule.annual_workdays or 0


def _is_holiday_staff(employee: Employee, rule: LeaveRule) -> bool:
    return rule.holiday_staff_used and HolidayStaff.objects.filter(employee=employee).exists()


def count_early_annual_days(*, employee: Employee, before: datetime.date) -> tuple[int, int]:
    """(approved, pending) working days of cuti tahunan that started before `before` (the day
    one year of service is reached): a PPPK's early leave under PP 49/2018 Pasal 80."""
    approved = pending = 0
    for status, days in LeaveRequest.objects.filter(
        employee=employee,
        leave_type=LeaveType.TAHUNAN,
        status__in=LeaveRequest.ACTIVE,
        start__lt=before,
    ).values_list("status", "workdays"):
        if status == LeaveRequest.Status.APPROVED:
            approved += days
        else:
            pending += days
    return approved, pending


def compute_annual_balance(*, employee: Employee, year: int) -> Balance | None:
    rule = get_rule(regime=employee.kind, leave_type=LeaveType.TAHUNAN)
    if rule is None:
        return None
    if _is_holiday_staff(employee, rule):
        used, pending = _used(employee, [LeaveType.TAHUNAN], year)
        return Balance(LeaveType.TAHUNAN, year, 0, 0, 0, used, pending)
    entitlement = _annual_entitlement(employee, rule, year)
    carried = 0
    if entitlement:
        last_year = _annual_entitlement(employee, rule, year - 1)
        used_last, _pending = _used(employee, [LeaveType.TAHUNAN], year - 1)
        year_before = _annual_entitlement(employee, rule, year - 2)
        used_before, _pending = _used(employee, [LeaveType.TAHUNAN], year - 2)
        if last_year and year_before and used_last == 0 and used_before == 0:
            carried = (rule.carry_two_year_total or 0) - entitlement
        elif last_year:
            carried = min(rule.carry_max or 0, max(0, last_year - used_last))
    adjusted = (
        BalanceAdjustment.objects.filter(employee=employee, year=year).aggregate(
            total=Sum("workdays")
        )["total"]
        or 0
    )
    ceiling = rule.carry_two_year_total or 0
    adjusted = min(adjusted, max(0, ceiling - entitlement - carried))
    used, pending = _used(employee, [LeaveType.TAHUNAN], year)
    if entitlement and rule.early_workdays and not _eligible_in(employee, rule, year - 1):
        # The first year the cuti tahunan is due: early leave of the year before reduces it.
        early_used, early_pending = _used(employee, [LeaveType.TAHUNAN], year - 1)
        used, pending = used + early_used, pending + early_pending
    return Balance(LeaveType.TAHUNAN, year, entitlement, carried, adjusted, used, pending)


def compute_recovery_balance(*, employee: Employee, year: int) -> Balance | None:
    rule = get_rule(regime=employee.kind, leave_type=LeaveType.PEMULIHAN)
    if rule is None:
        return None
    used, pending = _used(employee, [LeaveType.PEMULIHAN], year)
    return Balance(LeaveType.PEMULIHAN, year, rule.annual_workdays or 0, 0, 0, used, pending)


def compute_balances(*, employee: Employee, year: int) -> list[Balance]:
    balances = [
        compute_annual_balance(employee=employee, year=year),
        compute_recovery_balance(employee=employee, year=year),
    ]
    return [balance for balance in balances if balance is not None]


def sum_sick_days(*, employee: Employee, year: int) -> int:
    """Calendar days of cuti sakit, recovery leave included, approved or pending in `year`."""
    first, last = _year_bounds(year)
    return sum_sick_days_between(employee=employee, first=first, last=last)[0]


def sum_sick_days_between(
    *, employee: Employee, first: datetime.date, last: datetime.date
) -> tuple[int, datetime.date | None]:
    """Calendar days of cuti sakit and recovery leave, approved or pending, between `first`
    and `last` inclusive, and the earliest of those days (None when there is none)."""
    total, earliest = 0, None
    if last < first:
        return 0, None
    for start, end in LeaveRequest.objects.filter(
        employee=employee,
        leave_type__in=[LeaveType.SAKIT, LeaveType.PEMULIHAN],
        status__in=LeaveRequest.ACTIVE,
        start__lte=last,
        end__gte=first,
    ).values_list("start", "end"):
        begin = max(start, first)
        total += (min(end, last) - begin).days + 1
        earliest = begin if earliest is None else min(earliest, begin)
    return total, earliest

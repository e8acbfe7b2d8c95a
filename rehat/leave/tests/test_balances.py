import datetime

import pytest

from rehat.leave.domain.balances import (
    add_months,
    compute_annual_balance,
    compute_recovery_balance,
    count_service_months,
    get_service_start,
)
from rehat.leave.models import BalanceAdjustment, LeavePolicy, ServiceStart
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee

D = datetime.date


def _employee(org, service_start=None, kind="PNS"):
    service_start = service_start or D(2015, 1, 1)
    employee = make_employee(unit=org.alfa_satu, kind=kind, supervisor=org.leader)
    ServiceStart.objects.create(employee=employee, date=service_start)
    return employee


def test_add_months_keeps_the_day_or_the_last_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


@pytest.mark.django_db
def test_service_start_comes_from_the_nip_tmt(org):
    pns = make_employee(unit=org.alfa, kind="PNS")
    pppk = make_employee(unit=org.alfa, kind="PPPK")
    assert get_service_start(employee=pns) == D(2010, 3, 1)
    assert get_service_start(employee=pppk) == D(2022, 1, 1)


@pytest.mark.django_db
def test_service_months_count_whole_months(org):
    employee = _employee(org, service_start=D(2025, 3, 15))
    assert count_service_months(employee=employee, on=D(2026, 3, 14)) == 11
    assert count_service_months(employee=employee, on=D(2026, 3, 15)) == 12


@pytest.mark.django_db
def test_first_eligible_year_has_twelve_days_and_no_carry(org):
    employee = _employee(org, service_start=D(2025, 6, 1))
    balance = compute_annual_balance(employee=employee, year=2026)
    assert (balance.entitlement, balance.carried, balance.available) == (12, 0, 12)
    assert compute_annual_balance(employee=employee, year=2025).total == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("used_last_year", "carried"), [(0, 6), (4, 6), (6, 6), (8, 4), (12, 0)])
def test_carry_over_is_at_most_six_days_so_eighteen_in_all(org, used_last_year, carried):
    employee = _employee(org)
    make_request(employee=employee, start=D(2024, 7, 1))  # used the year before: no 24-day rule
    if used_last_year:
        start = D(2025, 7, 7)  # a Monday; two plain weeks follow
        end = start + datetime.timedelta(days=used_last_year + 2 * (used_last_year // 5) - 1)
        if used_last_year % 5 == 0:
            end -= datetime.timedelta(days=2)
        request = make_request(employee=employee, start=start, end=end)
        assert request.workdays == used_last_year
    balance = compute_annual_balance(employee=employee, year=2026)
    assert balance.carried == carried
    assert balance.total == 12 + carried


@pytest.mark.django_db
def test_two_unused_years_give_twenty_four_days(org):
    employee = _employee(org)
    balance = compute_annual_balance(employee=employee, year=2026)
    assert (balance.entitlement, balance.carried, balance.total) == (12, 12, 24)


@pytest.mark.django_db
def test_cuti_bersama_inside_annual_leave_does_not_reduce_it(org):
    employee = _employee(org)
    make_request(employee=employee, start=D(2024, 7, 1))
    make_request(employee=employee, start=D(2025, 7, 1))
    # 12–16 May 2025: Waisak on Monday, cuti bersama on Tuesday: 3 working days.
    make_request(employee=employee, start=D(2025, 5, 12), end=D(2025, 5, 16))
    balance = compute_annual_balance(employee=employee, year=2025)
    assert balance.used == 1 + 3


@pytest.mark.django_db
def test_pending_requests_hold_their_days_and_rejected_ones_do_not(org):
    employee = _employee(org)
    make_request(employee=employee, start=D(2026, 7, 6), end=D(2026, 7, 7), status="decision")
    make_request(employee=employee, start=D(2026, 7, 8), status="rejected")
    make_request(employee=employee, start=D(2026, 7, 9), status="cancelled")
    balance = compute_annual_balance(employee=employee, year=2026)
    assert (balance.used, balance.pending, balance.available) == (0, 2, 22)


@pytest.mark.django_db
def test_cuti_besar_cancels_the_years_annual_leave(org):
    employee = _employee(org)
    make_request(employee=employee, leave_type="besar", start=D(2026, 8, 3), end=D(2026, 10, 30))
    assert compute_annual_balance(employee=employee, year=2026).total == 0


@pytest.mark.django_db
def test_hr_adjustments_add_days_up_to_twenty_four(org):
    employee = _employee(org)
    make_request(employee=employee, start=D(2024, 7, 1))
    make_request(employee=employee, start=D(2025, 7, 1))
    BalanceAdjustment.objects.create(employee=employee, year=2026, workdays=2, note="Piket")
    assert compute_annual_balance(employee=employee, year=2026).total == 20
    BalanceAdjustment.objects.create(employee=employee, year=2026, workdays=9, note="Tunda")
    assert compute_annual_balance(employee=employee, year=2026).total == 24


@pytest.mark.django_db
def test_recovery_balance_follows_the_policy(org):
    LeavePolicy.objects.create(pk=1, recovery_workdays=4)
    employee = _employee(org)
    make_request(employee=employee, leave_type="pemulihan", start=D(2026, 7, 6))
    balance = compute_recovery_balance(employee=employee, year=2026)
    assert (balance.total, balance.used, balance.available) == (4, 1, 3)

"""Each leave type's rules at their boundaries, explained before a request is sent."""

import datetime

import pytest

from rehat.leave.domain.checks import check_request
from rehat.leave.models import LeavePolicy, ServiceStart
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee

D = datetime.date
TODAY = D(2026, 1, 5)


def _employee(org, kind="PNS", service_start=None):
    service_start = service_start or D(2015, 1, 1)
    employee = make_employee(unit=org.alfa_satu, kind=kind, supervisor=org.leader)
    ServiceStart.objects.create(employee=employee, date=service_start)
    return employee


def _check(employee, kind, start, end=None, *, letter=False, birth_order=None):
    return check_request(
        employee=employee,
        leave_type=kind,
        start=start,
        end=end or start,
        has_letter=letter,
        today=TODAY,
        birth_order=birth_order,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("service_start", "ok"), [(D(2025, 7, 7), True), (D(2025, 7, 8), False)])
def test_annual_leave_needs_one_year_of_service(org, service_start, ok):
    employee = _employee(org, service_start=service_start)
    check = _check(employee, "tahunan", D(2026, 7, 7))
    assert check.ok is ok
    if not ok:
        assert check.problems == [
            "Cuti tahunan dapat diambil setelah bekerja terus-menerus paling sedikit 12 bulan; "
            "pada tanggal mulai masa kerja Anda 11 bulan."
        ]


@pytest.mark.django_db
def test_annual_leave_within_the_balance_passes_and_one_day_more_is_explained(org):
    employee = _employee(org, service_start=D(2025, 6, 1))  # first eligible year: 12 days
    ok = _check(employee, "tahunan", D(2026, 7, 6), D(2026, 7, 21))  # 12 working days
    assert (ok.ok, ok.workdays, ok.balance_after) == (True, 12, 0)
    over = _check(employee, "tahunan", D(2026, 7, 6), D(2026, 7, 22))
    assert over.problems == [
        "Saldo cuti tahunan tahun 2026 tinggal 12 hari kerja; permohonan ini 13 hari kerja."
    ]


@pytest.mark.django_db
def test_a_range_without_working_days_is_refused(org):
    employee = _employee(org)
    check = _check(employee, "tahunan", D(2026, 3, 20), D(2026, 3, 24))  # Idul Fitri
    assert check.problems == [
        "Tidak ada hari kerja pada tanggal itu; cuti paling sedikit 1 hari kerja."
    ]


@pytest.mark.django_db
def test_annual_leave_cannot_start_in_the_past_but_sick_leave_can(org):
    employee = _employee(org)
    assert _check(employee, "tahunan", D(2026, 1, 2)).problems == [
        "Cuti ini diajukan sebelum tanggal mulainya."
    ]
    assert _check(employee, "sakit", D(2026, 1, 2), letter=True).ok


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "ok"), [(D(2026, 9, 30), True), (D(2026, 10, 1), False)])
def test_cuti_besar_is_at_most_three_months(org, end, ok):
    check = _check(_employee(org), "besar", D(2026, 7, 1), end)
    assert check.ok is ok
    assert check.warnings == ["Cuti besar menghapus hak cuti tahunan Anda pada tahun 2026."]


@pytest.mark.django_db
@pytest.mark.parametrize(("service_start", "ok"), [(D(2021, 7, 1), True), (D(2021, 7, 2), False)])
def test_cuti_besar_needs_five_years(org, service_start, ok):
    check = _check(_employee(org, service_start=service_start), "besar", D(2026, 7, 1))
    assert check.ok is ok


@pytest.mark.django_db
def test_cuti_besar_cltn_and_important_reasons_are_not_open_to_pppk(org):
    employee = _employee(org, kind="PPPK")
    for kind, label in [
        ("besar", "Cuti besar"),
        ("cltn", "Cuti di luar tanggungan negara"),
        ("alasan_penting", "Cuti karena alasan penting"),
    ]:
        assert _check(employee, kind, D(2026, 7, 1)).problems == [
            f"{label} tidak tersedia bagi pegawai PPPK."
        ]


@pytest.mark.django_db
def test_one_day_of_sick_leave_needs_a_doctors_letter(org):
    employee = _employee(org)
    assert _check(employee, "sakit", D(2026, 7, 6)).problems == [
        "Lampirkan surat keterangan dokter."
    ]
    assert _check(employee, "sakit", D(2026, 7, 6), letter=True).ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "end", "ok"),
    [
        ("PNS", D(2027, 7, 5), True),
        ("PNS", D(2027, 7, 6), False),
        ("PPPK", D(2026, 8, 5), True),
        ("PPPK", D(2026, 8, 6), False),
    ],
)
def test_sick_leave_is_at_most_a_year_for_pns_and_a_month_for_pppk(org, kind, end, ok):
    check = _check(_employee(org, kind=kind), "sakit", D(2026, 7, 6), end, letter=True)
    assert check.ok is ok


@pytest.mark.django_db
def test_pppk_sick_leave_over_fourteen_days_needs_a_government_doctor(org):
    employee = _employee(org, kind="PPPK")
    assert _check(employee, "sakit", D(2026, 7, 6), D(2026, 7, 19), letter=True).warnings == []
    assert _check(employee, "sakit", D(2026, 7, 6), D(2026, 7, 20), letter=True).warnings == [
        "Lebih dari 14 hari: surat keterangan harus dari dokter pemerintah."
    ]


@pytest.mark.django_db
def test_pppk_is_warned_when_sick_leave_passes_a_month_in_the_year(org):
    employee = _employee(org, kind="PPPK")
    make_request(employee=employee, leave_type="sakit", start=D(2026, 3, 2), end=D(2026, 3, 27))
    check = _check(employee, "sakit", D(2026, 7, 6), D(2026, 7, 10), letter=True)
    assert check.ok
    assert check.warnings[-1].startswith("Cuti sakit PPPK lebih dari 1 bulan")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["PNS", "PPPK"])
def test_maternity_leave_is_three_months_for_the_first_three_births(org, kind):
    employee = _employee(org, kind=kind)
    assert _check(employee, "melahirkan", D(2026, 7, 1), D(2026, 9, 30), birth_order=3).ok
    assert not _check(employee, "melahirkan", D(2026, 7, 1), D(2026, 10, 1), birth_order=3).ok
    fourth = _check(employee, "melahirkan", D(2026, 7, 1), D(2026, 9, 30), birth_order=4)
    hint = " Untuk kelahiran keempat dan seterusnya ajukan cuti besar." if kind == "PNS" else ""
    assert fourth.problems == [
        "Cuti melahirkan berlaku untuk kelahiran pertama sampai ketiga." + hint
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "ok"), [(D(2026, 8, 5), True), (D(2026, 8, 6), False)])
def test_leave_for_important_reasons_is_at_most_a_month(org, end, ok):
    check = _check(_employee(org), "alasan_penting", D(2026, 7, 6), end, letter=True)
    assert check.ok is ok


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "ok"), [(D(2029, 6, 30), True), (D(2029, 7, 1), False)])
def test_cltn_is_at_most_three_years_and_unpaid(org, end, ok):
    check = _check(_employee(org), "cltn", D(2026, 7, 1), end, letter=True)
    assert check.ok is ok
    assert check.warnings == ["Selama cuti ini Anda tidak menerima gaji."]


@pytest.mark.django_db
def test_cltn_needs_five_years(org):
    employee = _employee(org, service_start=D(2022, 1, 1))
    assert not _check(employee, "cltn", D(2026, 7, 1), letter=True).ok


@pytest.mark.django_db
def test_cuti_bersama_is_not_requested(org):
    assert _check(_employee(org), "bersama", D(2026, 12, 24)).problems == [
        "Cuti bersama ditetapkan Keputusan Presiden dan tidak perlu diajukan."
    ]


@pytest.mark.django_db
def test_recovery_leave_uses_the_agency_days_and_letter(org):
    LeavePolicy.objects.create(pk=1, recovery_workdays=3, recovery_letter="psychologist")
    employee = _employee(org)
    assert _check(employee, "pemulihan", D(2026, 7, 6), D(2026, 7, 8), letter=True).ok
    over = _check(employee, "pemulihan", D(2026, 7, 6), D(2026, 7, 9), letter=True)
    assert over.problems == [
        "Saldo cuti pemulihan tahun 2026 tinggal 3 hari kerja; permohonan ini 4 hari kerja."
    ]
    assert _check(employee, "pemulihan", D(2026, 7, 6)).problems == [
        "Lampirkan surat keterangan psikolog."
    ]


@pytest.mark.django_db
def test_overlapping_requests_are_refused(org):
    employee = _employee(org)
    make_request(employee=employee, start=D(2026, 7, 6), end=D(2026, 7, 8), status="decision")
    assert _check(employee, "tahunan", D(2026, 7, 8)).problems == [
        "Tanggal ini bertumpuk dengan permohonan cuti Anda yang lain."
    ]


@pytest.mark.django_db
def test_an_end_before_the_start_is_explained(org):
    assert _check(_employee(org), "tahunan", D(2026, 7, 8), D(2026, 7, 7)).problems == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ]

"""The special rules of indonesia.md §2 at their boundaries: the hajj and 4th-birth cuti besar,
travel days for a place hard to reach, a PPPK's cuti tahunan before one year, teachers and
lecturers, and cuti sakit beyond a year (Tim Penguji Kesehatan), miscarriage, work accident."""

import datetime
import io

import pytest
from pypdf import PdfReader

from rehat.leave.domain.balances import compute_annual_balance, count_days_in_year
from rehat.leave.domain.checks import RequestDetails, check_request
from rehat.leave.domain.letter import build_letter_pdf
from rehat.leave.domain.workflow import CannotPostpone, decide_request, submit_request
from rehat.leave.models import HolidayStaff, RuleAdjustment, ServiceStart
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee

D = datetime.date
TODAY = D(2026, 1, 5)
LONG_AGO = D(2010, 1, 1)


def _employee(org, kind="PNS", service_start=LONG_AGO):
    employee = make_employee(unit=org.alfa_satu, kind=kind, supervisor=org.leader)
    ServiceStart.objects.create(employee=employee, date=service_start)
    return employee


def _check(employee, kind, start, end=None, *, letter=False, birth_order=None, **details):
    return check_request(
        employee=employee,
        leave_type=kind,
        start=start,
        end=end or start,
        has_letter=letter,
        today=TODAY,
        birth_order=birth_order,
        details=RequestDetails(**details),
    )


SERVICE_MESSAGE = (
    "Cuti besar dapat diambil setelah bekerja terus-menerus paling sedikit 60 bulan; "
    "pada tanggal mulai masa kerja Anda 59 bulan."
)
HAJJ_WARNING = (
    "Cuti besar untuk ibadah haji pertama tidak memerlukan masa kerja 5 tahun. "
    "Lampirkan jadwal keberangkatan (kloter) bila pejabat berwenang memintanya."
)


# Cuti besar: first hajj, 4th birth, forfeited rest -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("service_start", "problems"),
    [(D(2021, 7, 6), []), (D(2021, 7, 7), []), (D(2021, 7, 8), [SERVICE_MESSAGE])],
)
def test_cuti_besar_needs_five_years_on_the_first_day(org, service_start, problems):
    employee = _employee(org, service_start=service_start)
    check = _check(employee, "besar", D(2026, 7, 7), D(2026, 10, 6))
    assert check.problems == problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("end", "ok"), [(D(2026, 10, 5), True), (D(2026, 10, 6), True), (D(2026, 10, 7), False)]
)
def test_a_first_hajj_waives_five_years_but_not_three_months(org, end, ok):
    employee = _employee(org, service_start=D(2024, 3, 1))  # 28 months
    check = _check(employee, "besar", D(2026, 7, 7), end, hajj_first=True)
    assert check.ok is ok
    assert HAJJ_WARNING in check.warnings
    if not ok:
        assert check.problems == [
            "Cuti besar paling lama 3 bulan: paling lambat sampai 2026-10-06."
        ]


@pytest.mark.django_db
def test_without_the_hajj_mark_the_same_request_is_refused(org):
    employee = _employee(org, service_start=D(2024, 3, 1))
    check = _check(employee, "besar", D(2026, 7, 7), D(2026, 10, 6))
    assert check.problems == [
        "Cuti besar dapat diambil setelah bekerja terus-menerus paling sedikit 60 bulan; "
        "pada tanggal mulai masa kerja Anda 28 bulan."
    ]


@pytest.mark.django_db
def test_the_hajj_mark_belongs_to_cuti_besar_only(org):
    check = _check(_employee(org), "tahunan", D(2026, 7, 7), hajj_first=True)
    assert check.problems == ["Pengecualian ibadah haji pertama hanya berlaku untuk cuti besar."]


@pytest.mark.django_db
@pytest.mark.parametrize(("birth_order", "ok"), [(3, False), (4, True), (5, True)])
def test_a_fourth_birth_gets_cuti_besar_without_five_years(org, birth_order, ok):
    employee = _employee(org, service_start=D(2024, 3, 1))
    check = _check(employee, "besar", D(2026, 7, 7), D(2026, 10, 6), birth_order=birth_order)
    assert check.ok is ok


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "warned"), [(D(2026, 10, 5), True), (D(2026, 10, 6), False)])
def test_cuti_besar_shorter_than_three_months_warns_that_the_rest_is_forfeited(org, end, warned):
    check = _check(_employee(org), "besar", D(2026, 7, 7), end)
    forfeit = "Cuti besar yang diambil kurang dari 3 bulan: sisa haknya hapus."
    assert (forfeit in check.warnings) is warned


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "ok"), [(D(2026, 7, 6), False), (D(2026, 7, 7), True)])
def test_a_new_cuti_besar_comes_five_years_after_the_previous_one(org, start, ok):
    employee = _employee(org)
    make_request(employee=employee, leave_type="besar", start=D(2021, 7, 7), end=D(2021, 8, 6))
    check = _check(employee, "besar", start, start + datetime.timedelta(days=20))
    assert check.ok is ok
    if not ok:
        assert check.problems == [
            "Cuti besar Anda sebelumnya mulai 2021-07-07. Hak cuti besar berikutnya timbul "
            "setelah 5 tahun lagi, mulai 2026-07-07."
        ]


@pytest.mark.django_db
def test_a_hajj_cuti_besar_is_not_held_back_by_an_earlier_one(org):
    employee = _employee(org)
    make_request(employee=employee, leave_type="besar", start=D(2024, 7, 8), end=D(2024, 8, 6))
    assert _check(employee, "besar", D(2026, 7, 7), D(2026, 8, 6), hajj_first=True).ok


@pytest.mark.django_db
def test_a_fourth_birth_cuti_besar_cannot_be_postponed(org):
    request = make_request(
        employee=org.employee,
        leave_type="besar",
        start=D(2026, 7, 7),
        end=D(2026, 10, 6),
        status="decision",
        birth_order=4,
        approver=org.other_leader.user,
    )
    with pytest.raises(CannotPostpone):
        decide_request(
            leave_request=request,
            actor=org.other_leader.user,
            outcome="postpone",
            note="Beban kerja",
            today=TODAY,
        )
    request.refresh_from_db()
    assert request.status == "decision"
    decide_request(
        leave_request=request, actor=org.other_leader.user, outcome="approve", note="", today=TODAY
    )
    assert request.status == "approved"


@pytest.mark.django_db
def test_an_ordinary_cuti_besar_may_be_postponed(org):
    request = make_request(
        employee=org.employee,
        leave_type="besar",
        start=D(2026, 7, 7),
        end=D(2026, 10, 6),
        status="decision",
        approver=org.other_leader.user,
    )
    decide_request(
        leave_request=request, actor=org.other_leader.user, outcome="postpone", note="", today=TODAY
    )
    assert request.status == "postponed"


# Travel days for a place hard to reach ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "days", "ok"),
    [
        ("PNS", 11, True),
        ("PNS", 12, True),
        ("PNS", 13, False),
        ("PPPK", 5, True),
        ("PPPK", 6, True),
        ("PPPK", 7, False),
    ],
)
def test_travel_days_for_a_remote_place_are_limited_by_regime(org, kind, days, ok):
    employee = _employee(org, kind=kind)
    # 6-10 July 2026 are five working days; the travel days follow them.
    end = D(2026, 7, 10) + datetime.timedelta(days=days)
    check = _check(
        employee, "tahunan", D(2026, 7, 6), end, travel_days=days, travel_place="Pulau Miangas"
    )
    assert check.ok is ok
    if ok:
        assert (check.workdays, check.balance_after) == (5, check.balance.available - 5)
    else:
        limit = 12 if kind == "PNS" else 6
        assert check.problems == [
            f"Tambahan untuk tempat yang sulit dijangkau paling lama {limit} hari kalender."
        ]


@pytest.mark.django_db
def test_travel_days_use_no_balance_and_say_which_days_they_are(org):
    employee = _employee(org)
    check = _check(
        employee, "tahunan", D(2026, 7, 6), D(2026, 7, 22), travel_days=12, travel_place="Miangas"
    )
    assert (check.ok, check.workdays) == (True, 5)
    assert check.warnings[0] == (
        "Tambahan 12 hari kalender (2026-07-11 sampai 2026-07-22) tidak mengurangi saldo. "
        "Pejabat berwenang menilai apakah tempat itu sulit perhubungannya: sulit dijangkau dan "
        "alat transportasinya sangat terbatas."
    )


@pytest.mark.django_db
def test_travel_days_need_a_place_and_a_leave_day(org):
    employee = _employee(org)
    no_place = _check(employee, "tahunan", D(2026, 7, 6), D(2026, 7, 10), travel_days=2)
    assert no_place.problems == ["Sebutkan tempat yang sulit dijangkau itu."]
    all_travel = _check(
        employee, "tahunan", D(2026, 7, 6), D(2026, 7, 8), travel_days=3, travel_place="Miangas"
    )
    assert all_travel.problems == [
        "Tambahan hari perjalanan harus lebih pendek dari seluruh masa cuti."
    ]


@pytest.mark.django_db
def test_travel_days_are_for_cuti_tahunan_only(org):
    check = _check(
        _employee(org),
        "sakit",
        D(2026, 7, 6),
        D(2026, 7, 10),
        letter=True,
        travel_days=2,
        travel_place="Miangas",
    )
    assert check.problems == [
        "Tambahan hari untuk tempat yang sulit dijangkau hanya untuk cuti tahunan."
    ]


@pytest.mark.django_db
def test_an_agency_may_grant_no_travel_days(org):
    RuleAdjustment.objects.create(
        regime="PNS", leave_type="tahunan", field="remote_extra_days", value=0
    )
    check = _check(
        _employee(org),
        "tahunan",
        D(2026, 7, 6),
        D(2026, 7, 11),
        travel_days=1,
        travel_place="Miangas",
    )
    assert check.problems == [
        "Instansi Anda tidak memberikan tambahan hari untuk tempat yang sulit dijangkau."
    ]


@pytest.mark.django_db
def test_travel_days_may_run_into_the_next_year_without_using_its_balance(org):
    employee = _employee(org)
    check = _check(
        employee, "tahunan", D(2026, 12, 21), D(2027, 1, 2), travel_days=9, travel_place="Miangas"
    )
    assert check.ok, check.problems
    request = make_request(
        employee=employee,
        start=D(2026, 12, 21),
        end=D(2027, 1, 2),
        travel_days=9,
        travel_place="Miangas",
    )
    assert count_days_in_year(request=request, year=2027) == 0
    # 21-23 December; 24 December 2026 is cuti bersama (Keppres 42/2025).
    assert count_days_in_year(request=request, year=2026) == 3


@pytest.mark.django_db
def test_the_request_and_its_letter_carry_the_travel_days(org):
    ServiceStart.objects.create(employee=org.employee, date=D(2010, 1, 1))
    request = submit_request(
        employee=org.employee,
        leave_type="tahunan",
        start=D(2026, 7, 6),
        end=D(2026, 7, 22),
        reason="Pulang kampung",
        today=TODAY,
        details=RequestDetails(travel_days=12, travel_place="Pulau Miangas"),
    )
    assert (request.workdays, request.travel_days, request.travel_place) == (
        5,
        12,
        "Pulau Miangas",
    )
    request.approver = org.other_leader.user
    pdf = build_letter_pdf(leave_request=request)
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert (
        "selama 5 (lima) hari kerja ditambah 12 (dua belas) hari kalender karena dijalankan di "
        "tempat yang sulit perhubungannya (Pulau Miangas)"
    ) in text


# A PPPK's cuti tahunan before one year of service -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("end", "ok"), [(D(2026, 7, 13), True), (D(2026, 7, 14), False)])
def test_before_one_year_a_pppk_may_take_six_days_for_a_first_marriage(org, end, ok):
    employee = _employee(org, kind="PPPK", service_start=D(2026, 3, 1))
    check = _check(employee, "tahunan", D(2026, 7, 6), end, early_reason="first_marriage")
    assert check.ok is ok
    assert check.workdays == (6 if ok else 7)
    if not ok:
        assert check.problems == [
            "Sebelum 1 tahun masa kerja cuti tahunan paling lama 6 hari kerja; tersisa 6 hari "
            "kerja, permohonan ini 7 hari kerja."
        ]


@pytest.mark.django_db
def test_before_one_year_without_a_reason_the_pppk_is_told_the_reasons(org):
    employee = _employee(org, kind="PPPK", service_start=D(2026, 3, 1))
    check = _check(employee, "tahunan", D(2026, 7, 6))
    assert check.problems == [
        "Sebelum 1 tahun masa kerja, cuti tahunan hanya dapat diberikan paling lama 6 hari kerja "
        "bila keluarga inti sakit keras atau meninggal dunia, atau untuk perkawinan pertama. "
        "Pilih alasannya."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "problems"),
    [
        (D(2026, 7, 6), []),
        (D(2026, 7, 7), ["Masa kerja Anda sudah 1 tahun: ajukan cuti tahunan biasa."]),
    ],
)
def test_the_early_rule_ends_on_the_day_one_year_is_reached(org, start, problems):
    employee = _employee(org, kind="PPPK", service_start=D(2025, 7, 7))
    check = _check(employee, "tahunan", start, early_reason="family_died")
    assert check.problems == problems


@pytest.mark.django_db
def test_early_leave_may_not_run_past_the_first_year(org):
    employee = _employee(org, kind="PPPK", service_start=D(2025, 7, 8))
    check = _check(employee, "tahunan", D(2026, 7, 6), D(2026, 7, 8), early_reason="family_died")
    assert check.problems == [
        "Cuti ini melewati 2026-07-08, saat masa kerja Anda genap 1 tahun: ajukan per bagian."
    ]


@pytest.mark.django_db
def test_a_family_members_serious_illness_needs_an_inpatient_letter(org):
    employee = _employee(org, kind="PPPK", service_start=D(2026, 3, 1))
    without = _check(employee, "tahunan", D(2026, 7, 6), early_reason="family_ill")
    assert without.problems == [
        "Lampirkan surat keterangan rawat inap dari unit pelayanan kesehatan."
    ]
    assert _check(employee, "tahunan", D(2026, 7, 6), early_reason="family_ill", letter=True).ok


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "ok"), [(2, True), (3, False)])
def test_early_days_add_up_to_six_in_all(org, days, ok):
    employee = _employee(org, kind="PPPK", service_start=D(2026, 3, 1))
    make_request(employee=employee, start=D(2026, 5, 4), end=D(2026, 5, 7))  # 4 working days
    end = D(2026, 7, 6) + datetime.timedelta(days=days - 1)
    check = _check(employee, "tahunan", D(2026, 7, 6), end, early_reason="family_died")
    assert check.ok is ok


@pytest.mark.django_db
def test_early_days_reduce_the_first_year_the_leave_is_due(org):
    employee = _employee(org, kind="PPPK", service_start=D(2025, 3, 1))
    make_request(employee=employee, start=D(2025, 9, 1), end=D(2025, 9, 3))  # 3 working days
    balance = compute_annual_balance(employee=employee, year=2026)
    assert (balance.entitlement, balance.used, balance.available) == (12, 3, 9)
    later = compute_annual_balance(employee=employee, year=2027)
    assert (later.entitlement, later.carried, later.used) == (12, 6, 0)


@pytest.mark.django_db
def test_pns_have_no_early_cuti_tahunan(org):
    employee = _employee(org, service_start=D(2026, 3, 1))
    check = _check(employee, "tahunan", D(2026, 7, 6), early_reason="first_marriage")
    assert check.problems[0] == "Cuti tahunan sebelum 1 tahun masa kerja tidak berlaku bagi Anda."


# Teachers and lecturers with school holidays ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["PNS", "PPPK"])
def test_teachers_with_school_holidays_count_as_having_used_cuti_tahunan(org, kind):
    teacher = _employee(org, kind=kind)
    HolidayStaff.objects.create(employee=teacher, note="Guru SMP")
    check = _check(teacher, "tahunan", D(2026, 7, 6))
    assert (
        "Guru dan dosen yang mendapat libur sekolah atau libur akademik disamakan dengan "
        "pegawai yang telah menggunakan hak cuti tahunan."
    ) in check.problems
    balance = compute_annual_balance(employee=teacher, year=2026)
    assert (balance.entitlement, balance.carried, balance.available) == (0, 0, 0)
    assert _check(_employee(org, kind=kind), "tahunan", D(2026, 7, 6)).ok


@pytest.mark.django_db
def test_teachers_keep_their_other_leave(org):
    teacher = _employee(org)
    HolidayStaff.objects.create(employee=teacher)
    assert _check(teacher, "alasan_penting", D(2026, 7, 6), letter=True).ok


# Cuti sakit: beyond a year, miscarriage, work accident --------------------------------


TPK_NEEDED = (
    "Cuti sakit Anda sudah {days} hari kalender, lebih dari 1 tahun. Perpanjangan paling lama "
    "6 bulan memerlukan surat keterangan Tim Penguji Kesehatan."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("earlier_start", "problems"),
    [
        (D(2025, 7, 3), []),  # 363 + 1 days
        (D(2025, 7, 2), []),  # 364 + 1 = 365 days: exactly one year
        (D(2025, 7, 1), [TPK_NEEDED.format(days=366)]),
    ],
)
def test_sick_leave_is_counted_cumulatively_up_to_a_year(org, earlier_start, problems):
    employee = _employee(org)
    make_request(employee=employee, leave_type="sakit", start=earlier_start, end=D(2026, 6, 30))
    check = _check(employee, "sakit", D(2026, 7, 1), letter=True)
    assert check.problems == problems


@pytest.mark.django_db
def test_a_tim_penguji_kesehatan_certificate_extends_sick_leave(org):
    employee = _employee(org)
    make_request(employee=employee, leave_type="sakit", start=D(2025, 7, 1), end=D(2026, 6, 30))
    assert _check(employee, "sakit", D(2026, 7, 1), letter=True, health_board=True).ok


@pytest.mark.django_db
@pytest.mark.parametrize(("earlier_start", "ok"), [(D(2025, 1, 2), True), (D(2025, 1, 1), False)])
def test_sick_leave_stops_at_eighteen_months(org, earlier_start, ok):
    employee = _employee(org)
    make_request(employee=employee, leave_type="sakit", start=earlier_start, end=D(2026, 6, 30))
    check = _check(employee, "sakit", D(2026, 7, 1), letter=True, health_board=True)
    assert check.ok is ok
    if not ok:
        assert check.problems == [
            "Cuti sakit paling lama 1 tahun ditambah 6 bulan. Setelah itu kesehatan Anda diuji "
            "kembali oleh Tim Penguji Kesehatan; bicarakan dengan bagian SDM."
        ]


@pytest.mark.django_db
def test_sick_leave_older_than_eighteen_months_does_not_count(org):
    employee = _employee(org)
    make_request(employee=employee, leave_type="sakit", start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert _check(employee, "sakit", D(2026, 7, 1), letter=True).ok


@pytest.mark.django_db
def test_one_request_longer_than_a_year_needs_the_certificate(org):
    employee = _employee(org)
    without = _check(employee, "sakit", D(2026, 1, 5), D(2027, 1, 5), letter=True)
    assert without.problems == [
        "Cuti sakit paling lama 12 bulan: paling lambat sampai 2027-01-04.",
        TPK_NEEDED.format(days=366),
    ]
    assert _check(
        employee, "sakit", D(2026, 1, 5), D(2027, 1, 5), letter=True, health_board=True
    ).ok


@pytest.mark.django_db
def test_the_certificate_is_for_pns_sick_leave_only(org):
    check = _check(
        _employee(org, kind="PPPK"), "sakit", D(2026, 7, 6), letter=True, health_board=True
    )
    assert check.problems == [
        "Perpanjangan dengan surat Tim Penguji Kesehatan tidak berlaku untuk cuti sakit."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["PNS", "PPPK"])
@pytest.mark.parametrize(("end", "ok"), [(D(2026, 8, 20), True), (D(2026, 8, 21), False)])
def test_miscarriage_gives_one_and_a_half_months(org, kind, end, ok):
    employee = _employee(org, kind=kind)
    check = _check(employee, "sakit", D(2026, 7, 6), end, letter=True, sick_cause="miscarriage")
    assert check.ok is ok
    if not ok:
        assert check.problems == [
            "Cuti sakit karena gugur kandungan paling lama 1,5 bulan: paling lambat sampai "
            "2026-08-20."
        ]
    assert not any("perjanjian kerja" in warning for warning in check.warnings)


@pytest.mark.django_db
def test_a_pppk_work_accident_has_no_one_month_limit_but_a_contract_warning(org):
    employee = _employee(org, kind="PPPK")
    check = _check(
        employee, "sakit", D(2026, 7, 6), D(2026, 10, 5), letter=True, sick_cause="work_accident"
    )
    assert check.ok
    assert (
        "Cuti sakit karena kecelakaan kerja berlaku paling lama sampai perjanjian kerja berakhir."
        in check.warnings
    )
    plain = _check(employee, "sakit", D(2026, 7, 6), D(2026, 10, 5), letter=True)
    assert plain.problems == ["Cuti sakit paling lama 1 bulan: paling lambat sampai 2026-08-05."]


@pytest.mark.django_db
def test_a_pns_work_accident_lasts_until_recovery(org):
    employee = _employee(org)
    check = _check(
        employee, "sakit", D(2026, 1, 5), D(2028, 1, 5), letter=True, sick_cause="work_accident"
    )
    assert check.ok


@pytest.mark.django_db
def test_a_sick_cause_belongs_to_cuti_sakit(org):
    check = _check(_employee(org), "tahunan", D(2026, 7, 6), sick_cause="miscarriage")
    assert check.problems == ["Sebab khusus hanya untuk cuti sakit."]

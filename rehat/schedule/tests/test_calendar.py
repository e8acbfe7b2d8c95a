import datetime

import pytest

from rehat.schedule.domain.calendar import (
    count_working_days,
    is_working_day,
    national_days,
    non_working_days,
)
from rehat.schedule.models import DayOverride

D = datetime.date

# Cuti bersama per Keppres 42/2025 (2026) and the SKB 2027 (shared/domain/indonesia.md §7).
CUTI_BERSAMA = {
    2026: [
        D(2026, 2, 16),
        D(2026, 3, 18),
        D(2026, 3, 20),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 5, 15),
        D(2026, 5, 28),
        D(2026, 12, 24),
    ],
    2027: [
        D(2027, 2, 5),
        D(2027, 3, 9),
        D(2027, 3, 12),
        D(2027, 3, 15),
        D(2027, 3, 25),
        D(2027, 5, 18),
        D(2027, 5, 19),
        D(2027, 12, 24),
    ],
}


@pytest.mark.parametrize("year", [2026, 2027])
def test_cuti_bersama_come_from_the_library_as_decreed(year):
    found = sorted(d for d, name in national_days(year).items() if name.startswith("Cuti Bersama"))
    assert found == CUTI_BERSAMA[year]


@pytest.mark.django_db
def test_idul_fitri_2026_fortnight():
    workdays, skipped = count_working_days(start=D(2026, 3, 16), end=D(2026, 3, 27))
    assert [day for day, _ in skipped] == [
        D(2026, 3, 18),
        D(2026, 3, 19),
        D(2026, 3, 20),
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 3, 23),
        D(2026, 3, 24),
    ]
    assert workdays == 5
    names = dict(skipped)
    assert names[D(2026, 3, 19)] == "Hari Suci Nyepi"
    assert names[D(2026, 3, 21)] == "Hari Raya Idul Fitri"
    assert names[D(2026, 3, 24)] == "Cuti Bersama Hari Raya Idul Fitri"


@pytest.mark.django_db
def test_christmas_2026_week():
    workdays, skipped = count_working_days(start=D(2026, 12, 21), end=D(2026, 12, 31))
    assert skipped == [
        (D(2026, 12, 24), "Cuti Bersama Hari Raya Natal"),
        (D(2026, 12, 25), "Hari Raya Natal"),
        (D(2026, 12, 26), "Sabtu"),
        (D(2026, 12, 27), "Minggu"),
    ]
    assert workdays == 7


@pytest.mark.django_db
def test_an_agency_override_adds_a_holiday_and_a_unit_can_work_a_saturday(org):
    DayOverride.objects.create(date=D(2026, 12, 7), kind="holiday", name="HUT Kota Contoh")
    DayOverride.objects.create(
        date=D(2026, 12, 5), kind="workday", name="Sabtu kerja", unit=org.alfa
    )
    assert not is_working_day(D(2026, 12, 7))
    assert not is_working_day(D(2026, 12, 5))
    assert is_working_day(D(2026, 12, 5), unit=org.alfa_satu)  # inherits from Dinas Alfa
    assert not is_working_day(D(2026, 12, 5), unit=org.beta)
    assert non_working_days(start=D(2026, 12, 7), end=D(2026, 12, 7), unit=org.beta) == {
        D(2026, 12, 7): "HUT Kota Contoh"
    }


@pytest.mark.django_db
def test_an_override_can_make_a_national_day_a_working_day():
    DayOverride.objects.create(date=D(2026, 12, 24), kind="workday", name="Cuti bersama dibatalkan")
    assert is_working_day(D(2026, 12, 24))


@pytest.mark.django_db
def test_a_reversed_range_has_no_working_days():
    assert count_working_days(start=D(2026, 1, 2), end=D(2026, 1, 1)) == (0, [])

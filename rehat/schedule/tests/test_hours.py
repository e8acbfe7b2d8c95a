import datetime

import pytest

from rehat.schedule.domain.hours import (
    PERPRES,
    SHIFT,
    SIX_DAY,
    get_profile,
    load_schedule,
    make_schedule,
    ramadan_days,
    resolve_zone,
)
from rehat.schedule.models import DayOverride


def test_perpres_is_37_5_hours_with_breaks_and_fridays_end_later():
    schedule = make_schedule(
        profile=PERPRES, start=datetime.date(2024, 1, 1), end=datetime.date(2024, 1, 7), holidays={}
    )

    assert schedule.spans(datetime.date(2024, 1, 2)) == ((450, 960),)
    assert schedule.spans(datetime.date(2024, 1, 5)) == ((450, 990),)
    assert schedule.spans(datetime.date(2024, 1, 6)) == ()
    assert schedule.is_working(datetime.date(2024, 1, 2), 450) is True
    assert schedule.is_working(datetime.date(2024, 1, 2), 960) is False


def test_ramadan_profile_applies_during_ramadan():
    days = ramadan_days(2024)
    schedule = make_schedule(
        profile=PERPRES,
        start=datetime.date(2024, 3, 1),
        end=datetime.date(2024, 4, 30),
        holidays={},
    )

    assert datetime.date(2024, 3, 12) in days and datetime.date(2024, 4, 10) not in days
    assert schedule.spans(datetime.date(2024, 3, 12)) == ((480, 900),)
    assert schedule.spans(datetime.date(2024, 3, 5)) == ((450, 960),)


def test_six_day_and_shift_profiles():
    saturday = datetime.date(2024, 1, 6)
    six = make_schedule(profile=SIX_DAY, start=saturday, end=saturday, holidays={})
    shift = make_schedule(profile=SHIFT, start=saturday, end=saturday, holidays={saturday: "x"})

    assert six.is_working_day(saturday) is True
    assert shift.is_working(saturday, 23 * 60) is True


@pytest.mark.django_db
def test_load_schedule_uses_national_days_and_overrides():
    DayOverride.objects.create(
        date=datetime.date(2024, 1, 3), kind=DayOverride.Kind.HOLIDAY, name="Libur daerah"
    )

    schedule = load_schedule(
        profile=PERPRES, start=datetime.date(2024, 1, 1), end=datetime.date(2024, 1, 6)
    )

    assert schedule.is_working_day(datetime.date(2024, 1, 1)) is False  # Tahun Baru
    assert schedule.is_working_day(datetime.date(2024, 1, 3)) is False
    assert schedule.is_working_day(datetime.date(2024, 1, 2)) is True


def test_zone_names_and_profiles():
    assert str(resolve_zone(name="WITA")) == "Asia/Makassar"
    assert str(resolve_zone(name=None)) == "Asia/Jakarta"
    assert get_profile(name="six_day") is SIX_DAY
    with pytest.raises(ValueError):
        get_profile(name="nope")

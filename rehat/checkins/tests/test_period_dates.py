import datetime

import pytest

from rehat.checkins.domain.periods import pulse_period_for, screening_period_for

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 25), ("pulse-2026-W48", D(2026, 11, 23), D(2026, 11, 29))),
        (D(2026, 12, 31), ("pulse-2026-W53", D(2026, 12, 28), D(2027, 1, 3))),
        (D(2027, 1, 3), ("pulse-2026-W53", D(2026, 12, 28), D(2027, 1, 3))),
        (D(2027, 1, 4), ("pulse-2027-W01", D(2027, 1, 4), D(2027, 1, 10))),
    ],
)
def test_pulse_periods_are_iso_weeks(day, expected):
    assert pulse_period_for(day) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 11, 25), 1, ("screening-2026-11", D(2026, 11, 1), D(2026, 11, 30))),
        (D(2026, 12, 31), 1, ("screening-2026-12", D(2026, 12, 1), D(2026, 12, 31))),
        (D(2028, 2, 10), 1, ("screening-2028-02", D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 11, 25), 3, ("screening-2026-10", D(2026, 10, 1), D(2026, 12, 31))),
        (D(2026, 1, 1), 6, ("screening-2026-01", D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 7, 1), 12, ("screening-2026-01", D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_screening_periods_follow_the_configured_length(day, months, expected):
    assert screening_period_for(day, months=months) == expected

from types import SimpleNamespace

from rehat.insights.domain.read import Cell


def _cell(low: float, value: float, high: float) -> Cell:
    stats = {
        "who5_mean": {"low": low, "value": value, "high": high},
        "burnout_share": {"low": low / 100, "value": value / 100, "high": high / 100},
    }
    return Cell(period="pulse-2026-W48", row=SimpleNamespace(suppressed=False, stats=stats))  # type: ignore[arg-type]


def test_a_narrow_interval_shows_the_value():
    cell = _cell(50, 60, 70)
    assert (cell.who5_mean_precise, cell.burnout_share_precise) == (60.0, 0.6)


def test_a_wide_interval_hides_a_value_that_says_nothing():
    cell = _cell(0, 98, 100)
    assert (cell.who5_mean_precise, cell.burnout_share_precise) == (None, None)

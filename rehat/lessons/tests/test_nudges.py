"""The nudge rules as pure functions, on generated released figures."""

import math

from hypothesis import given
from hypothesis import strategies as st

from rehat.lessons.domain.content import LESSON, lessons_of_kind
from rehat.lessons.domain.nudges import (
    AFTER_HOURS,
    DEFAULT_THRESHOLDS,
    HIGH_BURNOUT,
    LOW_WELLBEING,
    SAYA_LELAH,
    ReleasedFigures,
    Signal,
    choose_nudges,
    detect_signals,
)

maybe_share = st.none() | st.floats(min_value=0, max_value=1)
maybe_mean = st.none() | st.floats(min_value=0, max_value=100)
maybe_count = st.none() | st.floats(min_value=0, max_value=500)
outside_a_share = st.floats(allow_nan=True, allow_infinity=True).filter(
    lambda v: not (math.isfinite(v) and 0 <= v <= 1)
)
outside_a_mean = st.floats(allow_nan=True, allow_infinity=True).filter(
    lambda v: not (math.isfinite(v) and 0 <= v <= 100)
)


def figures(**values):
    return ReleasedFigures(unit="ALFA", **values)


def kinds(signals):
    return [signal.kind for signal in signals]


def test_nothing_released_fires_nothing():
    assert detect_signals(figures=figures()) == []


def test_each_rule_fires_on_its_figure():
    assert kinds(detect_signals(figures=figures(wellbeing_mean=42.0))) == [LOW_WELLBEING]
    assert kinds(detect_signals(figures=figures(wellbeing_low_share=0.35))) == [LOW_WELLBEING]
    assert kinds(detect_signals(figures=figures(burnout_share=0.4))) == [HIGH_BURNOUT]
    assert kinds(detect_signals(figures=figures(saya_lelah_count=7))) == [SAYA_LELAH]
    assert kinds(detect_signals(figures=figures(after_hours_share=0.31))) == [AFTER_HOURS]


def test_healthy_figures_fire_nothing():
    healthy = figures(
        wellbeing_mean=68.0,
        wellbeing_low_share=0.1,
        burnout_share=0.1,
        saya_lelah_count=1,
        after_hours_share=0.05,
    )

    assert detect_signals(figures=healthy) == []


def test_thresholds_are_inclusive_where_they_say_at_least():
    at = figures(burnout_share=0.25, saya_lelah_count=5.0, after_hours_share=0.2)

    assert kinds(detect_signals(figures=at)) == [HIGH_BURNOUT, SAYA_LELAH, AFTER_HOURS]
    assert detect_signals(figures=figures(wellbeing_mean=50.0)) == []


def test_a_low_mean_and_a_high_low_share_give_one_wellbeing_signal():
    both = figures(wellbeing_mean=30.0, wellbeing_low_share=0.6)

    assert detect_signals(figures=both) == [Signal(LOW_WELLBEING, "ALFA", 30.0, 50.0)]


@given(
    mean=maybe_mean,
    low=maybe_share,
    burnout=maybe_share,
    voices=maybe_count,
    after=maybe_share,
)
def test_every_signal_is_backed_by_a_released_figure_over_its_line(
    mean, low, burnout, voices, after
):
    given_figures = figures(
        wellbeing_mean=mean,
        wellbeing_low_share=low,
        burnout_share=burnout,
        saya_lelah_count=voices,
        after_hours_share=after,
    )
    t = DEFAULT_THRESHOLDS

    signals = detect_signals(figures=given_figures)

    assert len(set(kinds(signals))) == len(signals)
    want = {
        LOW_WELLBEING: (mean is not None and mean < t.wellbeing_mean_below)
        or (low is not None and low >= t.wellbeing_low_share_at_least),
        HIGH_BURNOUT: burnout is not None and burnout >= t.burnout_share_at_least,
        SAYA_LELAH: voices is not None and voices >= t.saya_lelah_at_least,
        AFTER_HOURS: after is not None and after >= t.after_hours_share_at_least,
    }
    assert set(kinds(signals)) == {kind for kind, fired in want.items() if fired}


@given(value=outside_a_share)
def test_broken_or_out_of_range_shares_never_fire(value):
    broken = figures(wellbeing_low_share=value, burnout_share=value, after_hours_share=value)

    assert detect_signals(figures=broken) == []


@given(value=outside_a_mean)
def test_broken_or_out_of_range_means_and_counts_never_fire(value):
    assert detect_signals(figures=figures(wellbeing_mean=value)) == []
    assert detect_signals(figures=figures(saya_lelah_count=-abs(value) - 1)) == []


def test_choose_nudges_groups_units_and_prefers_an_unread_lesson():
    lessons = lessons_of_kind(kind=LESSON)
    signals = [
        Signal(AFTER_HOURS, "ALFA", 0.3, 0.2),
        Signal(AFTER_HOURS, "ALFA1", 0.4, 0.2),
        Signal(SAYA_LELAH, "ALFA", 9, 5),
    ]

    nudges = choose_nudges(
        signals=signals, lessons=lessons, completed={"menjaga-waktu-setelah-jam-kerja"}
    )

    assert [(n.kind, n.lesson.slug, n.units) for n in nudges] == [
        (AFTER_HOURS, "memberi-tugas-tanpa-kejutan", ("ALFA", "ALFA1")),
        (SAYA_LELAH, "saat-staf-berkata-lelah", ("ALFA",)),
    ]


def test_choose_nudges_offers_the_first_lesson_again_when_all_are_done():
    lessons = lessons_of_kind(kind=LESSON)
    done = {lesson.slug for lesson in lessons}

    nudges = choose_nudges(
        signals=[Signal(HIGH_BURNOUT, "BETA", 0.5, 0.25)], lessons=lessons, completed=done
    )

    assert [n.lesson.slug for n in nudges] == ["mengenali-kelelahan-kerja"]


def test_no_signals_no_nudges():
    assert choose_nudges(signals=[], lessons=lessons_of_kind(kind=LESSON), completed=set()) == []

"""Properties of scoring over every shipped instrument, and the rejection rules."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehat.instruments.domain import (
    AnswerError,
    describe_scoring,
    find_band,
    get_instrument,
    list_instruments,
    parse_answers,
    reverse_answers,
    score_answers,
)

INSTRUMENTS = {instrument.id: instrument for instrument in list_instruments()}
IDS = sorted(INSTRUMENTS)


@st.composite
def valid_answers(draw, instrument_id=None):
    instrument = INSTRUMENTS[instrument_id or draw(st.sampled_from(IDS))]
    answers = [draw(st.sampled_from(instrument.values_for(item))) for item in instrument.items]
    return instrument, answers


def mirror(instrument, answers):
    return [
        instrument.values_for(item)[0] + instrument.values_for(item)[-1] - answer
        for item, answer in zip(instrument.items, answers, strict=True)
    ]


@settings(max_examples=300, deadline=None)
@given(valid_answers())
def test_score_answers_stays_inside_range_with_a_band(case):
    instrument, answers = case
    score = score_answers(instrument=instrument, answers=answers)
    low, high = instrument.score_range
    values = [s.score for s in score.subscales] if score.subscales else [score.total]
    for value in values:
        assert low <= value <= high
    if score.percentage is not None:
        assert 0 <= score.percentage <= 100
        assert score.percentage == score.total * instrument.percentage_factor
    if instrument.bands and not score.subscales:
        assert score.band is not None
        basis = score.percentage if score.percentage is not None else score.total
        assert score.band.low <= basis <= score.band.high
    for subscale in score.subscales:
        assert subscale.band is not None


@settings(max_examples=200, deadline=None)
@given(valid_answers())
def test_reverse_answers_is_consistent(case):
    instrument, answers = case
    scored = reverse_answers(instrument=instrument, answers=answers)
    # Reversal is its own inverse, and only reversed items change.
    assert reverse_answers(instrument=instrument, answers=scored) == tuple(answers)
    for item, answer, value in zip(instrument.items, answers, scored, strict=True):
        if not item.reverse:
            assert value == answer
    # Mirroring every answer mirrors every scored value, reversed items included.
    mirrored = reverse_answers(instrument=instrument, answers=mirror(instrument, answers))
    assert mirrored == tuple(mirror(instrument, scored))


@settings(max_examples=200, deadline=None)
@given(valid_answers())
def test_score_answers_of_mirrored_answers_is_the_mirrored_score(case):
    instrument, answers = case
    if instrument.subscales:
        return
    low, high = instrument.score_range
    total = score_answers(instrument=instrument, answers=answers).total
    total_mirrored = score_answers(instrument=instrument, answers=mirror(instrument, answers)).total
    assert total + total_mirrored == pytest.approx(float(low + high), abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(valid_answers("phq9"))
def test_phq9_safety_flag_follows_item_9_only(case):
    instrument, answers = case
    score = score_answers(instrument=instrument, answers=answers)
    assert score.safety is (answers[8] > 0)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_safety_flag_raised_at_lowest_total(item9):
    score = score_answers(instrument="phq9", answers=[0] * 8 + [item9])
    assert score.safety
    assert score.to_dict()["flags"] == ["safety"]


@pytest.mark.parametrize(("instrument_id", "full"), [("phq2", "phq9"), ("gad2", "gad7")])
@settings(max_examples=50, deadline=None)
@given(first=st.integers(0, 3), second=st.integers(0, 3))
def test_screener_recommends_full_instrument_from_3(instrument_id, full, first, second):
    score = score_answers(instrument=instrument_id, answers=[first, second])
    positive = first + second >= 3
    assert (f"recommend_{full}" in score.flags) is positive
    assert score.recommended_instrument == (full if positive else None)
    assert not score.safety


def answers_for(instrument, target):
    """Raw answers whose scored values sum to `target` (sum instruments), or None."""
    scored = [instrument.values_for(item)[0] for item in instrument.items]
    for n, item in enumerate(instrument.items):
        top = instrument.values_for(item)[-1]
        scored[n] = min(top, scored[n] + max(0, target - sum(scored)))
    if sum(scored) != target:
        return None
    return list(reverse_answers(instrument=instrument, answers=scored))


BAND_EDGES = [
    (instrument.id, band, edge)
    for instrument in INSTRUMENTS.values()
    if instrument.aggregate == "sum"
    for band in instrument.bands
    for edge in (band.low, band.high)
]


@pytest.mark.parametrize(
    ("instrument_id", "band", "edge"),
    BAND_EDGES,
    ids=[f"{i}-{e}" for i, _, e in BAND_EDGES],
)
def test_band_edges_are_exact(instrument_id, band, edge):
    instrument = INSTRUMENTS[instrument_id]
    factor = instrument.percentage_factor or 1
    assert find_band(bands=instrument.bands, value=edge) == band
    for value in (edge - 1, edge + 1):
        inside = band.low <= value <= band.high
        assert (find_band(bands=instrument.bands, value=value) == band) is inside
    if edge % factor:
        return  # WHO-5 percentages are multiples of 4: 29, 50 and 51 cannot be scored.
    answers = answers_for(instrument, int(edge) // factor)
    assert answers is not None
    assert score_answers(instrument=instrument, answers=answers).band == band


def test_cbi_band_edge_at_50_is_moderate():
    bands = get_instrument(instrument_id="cbi").bands
    assert find_band(bands=bands, value=Fraction(50)).label_en == "Moderate burnout"
    assert find_band(bands=bands, value=Fraction(4999, 100)).label_en == "Low / no burnout"
    assert find_band(bands=bands, value=Fraction(100)).label_en == "Severe burnout"


@pytest.mark.parametrize("instrument_id", IDS)
def test_score_answers_rejects_incomplete_answers(instrument_id):
    instrument = INSTRUMENTS[instrument_id]
    answers = [instrument.values_for(item)[0] for item in instrument.items]
    with pytest.raises(AnswerError, match="Skor tidak dihitung"):
        score_answers(instrument=instrument, answers=answers[:-1])
    with pytest.raises(AnswerError, match="Skor tidak dihitung"):
        score_answers(instrument=instrument, answers=[*answers, answers[0]])


@pytest.mark.parametrize("instrument_id", IDS)
def test_score_answers_rejects_out_of_range_answers(instrument_id):
    instrument = INSTRUMENTS[instrument_id]
    answers = [instrument.values_for(item)[0] for item in instrument.items]
    for bad in (instrument.values_for(instrument.items[-1])[-1] + 1, -1, True, "1", 1.0, None):
        with pytest.raises(AnswerError, match=f"butir {len(answers)}"):
            score_answers(instrument=instrument, answers=[*answers[:-1], bad])


def test_score_answers_rejects_cbi_values_between_options():
    answers = [50] * 19
    answers[12] = 60
    with pytest.raises(AnswerError, match="butir 13 harus salah satu dari 0, 25, 50, 75, 100"):
        score_answers(instrument="cbi", answers=answers)


def test_k10_rejects_0_to_4_coding():
    with pytest.raises(AnswerError, match="butir 1"):
        score_answers(instrument="k10", answers=[0] * 10)


def test_parse_answers_rejects_non_numbers():
    assert parse_answers(raw=["0", " 3", "-1"]) == [0, 3, -1]
    with pytest.raises(AnswerError, match="Jawaban ke-2 \\('dua'\\) bukan bilangan bulat"):
        parse_answers(raw=["1", "dua"])


def test_who5_percentage_is_raw_times_four():
    score = score_answers(instrument="who5", answers=[5, 4, 3, 2, 1])
    assert (score.total, score.percentage) == (15, 60)
    assert set(score.to_dict()) == {"instrument", "total", "percentage", "band", "flags", "details"}


def test_cbi_reports_subscales_and_no_total():
    result = score_answers(instrument="cbi", answers=[0] * 19).to_dict()
    assert "total" not in result
    assert result["band"] is None
    assert result["subscales"]["work"] == {"score": 14.2857, "band": "Low / no burnout"}


@pytest.mark.parametrize("instrument_id", IDS)
def test_describe_scoring_mentions_every_rule(instrument_id):
    instrument = INSTRUMENTS[instrument_id]
    lines = " ".join(describe_scoring(instrument=instrument))
    assert "wajib dijawab" in lines
    assert ("terbalik" in lines) is any(item.reverse for item in instrument.items)
    assert ("penanda keselamatan" in lines) is instrument.has_safety_rule

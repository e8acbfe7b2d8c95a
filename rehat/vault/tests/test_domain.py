from fractions import Fraction

from django.test import override_settings

from rehat.instruments.domain import Band, Score, Text
from rehat.instruments.domain.scoring import SubscaleScore
from rehat.vault import domain


def test_production_default_is_at_least_600000_iterations():
    assert domain.PBKDF2_ITERATIONS >= 600_000


def test_required_iterations_follow_the_setting():
    with override_settings(REHAT_VAULT_PBKDF2_ITERATIONS=2000):
        assert domain.required_iterations() == 2000


def _band(label: str) -> Band:
    return Band(low=Fraction(0), high=Fraction(1), label=Text(en=label, id=None))


def test_summarize_scores_gives_value_and_band_key_per_line():
    scores = [
        Score(instrument="who5", total=15, percentage=60, band=_band("No indication")),
        Score(instrument="single-item-burnout", total=2, band=_band("No burnout")),
        Score(
            instrument="cbi",
            total=None,
            band=None,
            subscales=(SubscaleScore(name="work", score=62.5, band=_band("Moderate burnout")),),
        ),
    ]
    assert domain.summarize_scores(scores) == [
        {"instrument": "who5", "part": "", "value": 60.0, "band": "No indication"},
        {"instrument": "single-item-burnout", "part": "", "value": 2.0, "band": "No burnout"},
        {"instrument": "cbi", "part": "work", "value": 62.5, "band": "Moderate burnout"},
    ]


def test_summarize_scores_of_a_real_pulse_matches_what_the_browser_test_saves():
    from rehat.instruments.domain import score_answers

    scores = [
        score_answers(instrument="who5", answers=[3, 3, 3, 3, 3]),
        score_answers(instrument="single-item-burnout", answers=[2]),
    ]
    assert domain.summarize_scores(scores) == [
        {
            "instrument": "who5",
            "part": "",
            "value": 60.0,
            "band": "No indication of poor well-being",
        },
        {"instrument": "single-item-burnout", "part": "", "value": 2.0, "band": "No burnout"},
    ]

"""The demo's synthetic check-in history: periods, realistic rates, exact scores, no order."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from rehat.checkins.domain.demo import (
    DemoCheckinsError,
    PlannedSubmission,
    past_periods,
    plan_checkins,
    seed_demo_checkins,
)
from rehat.checkins.models import Period, TokenKey
from rehat.instruments.domain import score_answers
from rehat.organizations.domain.demo import seed_demo
from rehat.responses.models import Answer, Submission

ALL = ["default", "anonymous"]
TODAY = datetime.date(2026, 11, 25)
# A demo-like agency: front-line care and schools next to planning and back offices.
FRONT_LINE = [("DINKES.RSUD-IGD", 60), ("DINKES.PKM-SUKAMAJU", 240), ("DISDIK.SMPN-01", 300)]
OFFICES = [("BAPPEDA", 200), ("BPKAD", 200), ("SETDA.ASISTEN-3", 300), ("INSTANSI", 300)]


@pytest.fixture(scope="module")
def plan():
    return plan_checkins(buckets=FRONT_LINE + OFFICES, today=TODAY, weeks=12, seed=2026)


def _share(submissions: list[PlannedSubmission], instrument: str, test) -> float:
    values = [a.values for s in submissions for a in s.answers if a.instrument == instrument]
    return sum(1 for v in values if test(v)) / len(values)


def test_past_periods_are_the_twelve_weeks_and_three_months_before_today():
    periods = past_periods(today=TODAY, weeks=12)

    assert [p.code for p in periods] == [
        *(f"pulse-2026-W{week}" for week in range(36, 48)),
        "screening-2026-08",
        "screening-2026-09",
        "screening-2026-10",
    ]
    assert periods[11].ends == datetime.date(2026, 11, 22)  # the Sunday before this week


def test_past_periods_cross_the_year_and_week_53():
    codes = [p.code for p in past_periods(today=datetime.date(2027, 1, 6), weeks=2)]

    assert codes == [
        "pulse-2026-W52",
        "pulse-2026-W53",
        *(f"screening-2026-{m}" for m in (10, 11, 12)),
    ]


@override_settings(REHAT_SCREENING_MONTHS=3)
def test_past_periods_follow_longer_screening_periods():
    screenings = [p for p in past_periods(today=TODAY, weeks=1) if p.kind == "screening"]

    assert [(p.code, p.ends) for p in screenings] == [
        ("screening-2026-01", datetime.date(2026, 3, 31)),
        ("screening-2026-04", datetime.date(2026, 6, 30)),
        ("screening-2026-07", datetime.date(2026, 9, 30)),
    ]


def test_plan_is_deterministic_from_the_seed(plan):
    again = plan_checkins(buckets=FRONT_LINE + OFFICES, today=TODAY, weeks=12, seed=2026)
    other = plan_checkins(buckets=FRONT_LINE + OFFICES, today=TODAY, weeks=12, seed=7)

    assert again == plan
    assert other.submissions != plan.submissions


def test_weekly_participation_is_between_35_and_65_percent(plan):
    people = sum(size for _code, size in FRONT_LINE + OFFICES)
    per_week = Counter(s.period for s in plan.submissions if s.period.startswith("pulse"))

    shares = [per_week[p.code] / people for p in plan.periods if p.kind == "pulse"]

    assert len(shares) == 12
    assert all(0.33 <= share <= 0.67 for share in shares), shares
    assert len({round(share, 2) for share in shares}) > 6  # it varies from week to week


def test_rates_follow_the_indonesian_priors(plan):
    pulses = [s for s in plan.submissions if s.period.startswith("pulse")]
    screenings = [s for s in plan.submissions if s.period.startswith("screening")]

    low_wellbeing = _share(pulses, "who5", lambda v: sum(v) * 4 <= 50)
    burnout = _share(pulses, "single-item-burnout", lambda v: v[0] >= 3)
    distress = _share(screenings, "phq9", lambda v: sum(v) >= 10)

    assert 0.25 <= low_wellbeing <= 0.40
    assert 0.10 <= burnout <= 0.25
    assert 0.10 <= distress <= 0.20


def test_front_line_units_carry_more_strain(plan):
    front = {code for code, _size in FRONT_LINE}
    pulses = [s for s in plan.submissions if s.period.startswith("pulse")]
    screenings = [s for s in plan.submissions if s.period.startswith("screening")]

    def split(rows, instrument, test):
        return (
            _share([s for s in rows if s.bucket in front], instrument, test),
            _share([s for s in rows if s.bucket not in front], instrument, test),
        )

    front_low, office_low = split(pulses, "who5", lambda v: sum(v) * 4 <= 50)
    front_phq, office_phq = split(screenings, "phq9", lambda v: sum(v) >= 10)
    assert front_low > office_low + 0.05
    assert front_phq > office_phq


def test_emergency_care_wears_down_over_the_weeks(plan):
    weeks = [p.code for p in plan.periods if p.kind == "pulse"]
    igd = [s for s in plan.submissions if s.bucket == "DINKES.RSUD-IGD"]

    def low(codes):
        return _share([s for s in igd if s.period in codes], "who5", lambda v: sum(v) * 4 <= 50)

    assert low(weeks[-4:]) > low(weeks[:4]) + 0.1


def test_answers_are_valid_items_and_help_choices(plan):
    for submission in plan.submissions[:2000]:
        for answer in submission.answers:
            score_answers(instrument=answer.instrument, answers=list(answer.values))
        if submission.period.startswith("pulse"):
            assert [a.instrument for a in submission.answers] == ["who5", "single-item-burnout"]
            assert submission.help in Submission.Help.values or submission.help == ""
        else:
            assert submission.help == ""
            assert submission.answers


def test_plan_is_not_in_period_or_bucket_order(plan):
    first = [(s.period, s.bucket) for s in plan.submissions[:200]]

    assert first != sorted(first)
    assert len({period for period, _bucket in first}) > 5


@pytest.mark.django_db(databases=ALL)
def test_seed_writes_closed_periods_and_exactly_scored_answers(db):
    with override_settings(REHAT_MIN_BUCKET=20):
        seed_demo(size=400)
        counts = seed_demo_checkins(today=TODAY, weeks=12, seed=2026)

    assert counts["pulses"] == 12 and counts["screenings"] == 3
    assert counts["submissions"] == Submission.objects.count() > 1000
    assert counts["answers"] == Answer.objects.count()
    assert set(Period.objects.values_list("status", flat=True)) == {"closed"}
    assert TokenKey.objects.count() == 0
    for answer in Answer.objects.all()[:500]:
        score = score_answers(instrument=answer.instrument, answers=answer.values)
        assert answer.total == score.total
        assert answer.band == (score.band.label_en if score.band else "")
        assert answer.subscales == {s.name: s.score for s in score.subscales}
        assert answer.flags == list(score.flags)


@pytest.mark.django_db(databases=ALL)
def test_seed_twice_is_refused(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        seed_demo_checkins(today=TODAY)
        submissions = Submission.objects.count()

        with pytest.raises(DemoCheckinsError):
            seed_demo_checkins(today=TODAY)

    assert Submission.objects.count() == submissions


@pytest.mark.django_db(databases=ALL)
def test_command_seeds_the_history_then_opens_this_week(org):
    out = io.StringIO()
    with override_settings(REHAT_MIN_BUCKET=2):
        call_command("demo_checkins", "--today", "2026-11-25", stdout=out)
        call_command("demo_checkins", "--today", "2026-11-25", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Riwayat cek kabar demo dibuat dalam")
    assert lines[1] == "Membuka periode yang berjalan dan membuat kunci token tiap kelompok…"
    assert lines[2].endswith("pulse-2026-W48, screening-2026-11.")
    assert lines[3] == "Riwayat cek kabar sudah ada; tidak ada yang diubah."
    assert Period.objects.filter(status="open").count() == 2
    assert Period.objects.filter(status="closed").count() == 15
    assert set(TokenKey.objects.values_list("period__code", flat=True)) == {
        "pulse-2026-W48",
        "screening-2026-11",
    }


@pytest.mark.django_db(databases=ALL)
def test_command_needs_an_agency():
    with pytest.raises(CommandError, match="demo_data"):
        call_command("demo_checkins", "--today", "2026-11-25", stdout=io.StringIO())
    assert Period.objects.count() == 0

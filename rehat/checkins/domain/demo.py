"""Synthetic check-in history for the demo: past weekly pulses and monthly screenings.

This is demo data, never the request path. `plan_checkins` draws every answer from a
seeded random generator without touching the database; `seed_demo_checkins` creates
the past periods (closed, without keys: nobody can redeem a token for them any more)
on the identity side and writes the answers straight into the anonymous side's final
tables, shuffled, with no time and with random UUIDs drawn from the same seed.

The model is small on purpose. Everyone in a token bucket has a stable personal level
of strain; each week adds the bucket's climate, the season and some noise. Items are
ordinal answers to that latent strain, scored with the instruments' own scoring, so
totals and bands are exactly what a real submission would get. The parameters follow
shared/domain/indonesia.md §10: PHQ-9 ≥ 10 in about 12% (15–20% in front-line units),
high burnout in 10–20%, low WHO-5 well-being (≤ 50) in about 30%, worse around the
year-end SKP and budget closing. A few stories show up in the trends: emergency care
wears down week by week, Disdukcapil gets better halfway (say, after an online queue),
and participation starts high, sags, and comes back after a reminder.
"""

import datetime
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.checkins.domain.buckets import plan_buckets
from rehat.checkins.domain.periods import pulse_period_for, screening_period_for
from rehat.checkins.models import Period
from rehat.instruments.domain import score_answers
from rehat.responses.models import Answer, Submission
from rehat.routers import ANONYMOUS, IDENTITY

PAST_SCREENINGS = 3
BATCH_SIZE = 2000

# Climate of a bucket: a shift of the latent strain, in standard deviations, matched on
# the longest code prefix. Front-line care, schools and counters carry more.
_STRAIN = {
    "DINKES.RSUD-IGD": 0.65,
    "DINKES.RSUD": 0.45,
    "DINKES.PKM": 0.4,
    "DINKES": 0.15,
    "DISDIK.": 0.3,
    "DISDIK": 0.2,
    "SATPOLPP": 0.3,
    "DISDUKCAPIL": 0.3,
    "DINSOS": 0.3,
    "BPBD": 0.2,
    "KEC-": 0.15,
    "BPKAD": 0.1,
    "BAPENDA": 0.1,
    "BAPPEDA": -0.15,
    "DISKOMINFO": -0.1,
    "INSPEKTORAT": -0.05,
}
# Units where the year-end crunch (budget closing, SKP appraisals) bites harder.
_YEAR_END_EXTRA = {"BPKAD": 0.35, "BAPENDA": 0.25, "BKPSDM": 0.25, "SETDA.ASISTEN-2": 0.15}
WORSENING_BUCKET = "DINKES.RSUD-IGD"  # strain grows week after week
IMPROVING_BUCKET = "DISDUKCAPIL"  # strain drops in the second half
# Who answers what in a screening month, among those who open it.
_SCREENING_CHOICE = {"phq9": 0.75, "gad7": 0.6, "cbi": 0.45}
# Help choices by level of strain: (choice, weight); "" is a skipped question.
_HELP = {
    "high": (
        ("counselor", 24),
        ("listen", 24),
        ("rest", 22),
        ("workload", 14),
        ("after_hours", 8),
        ("", 8),
    ),
    "middle": (
        ("workload", 28),
        ("rest", 18),
        ("after_hours", 15),
        ("clarity", 15),
        ("listen", 10),
        ("counselor", 4),
        ("", 10),
    ),
    "low": (
        ("nothing", 58),
        ("clarity", 10),
        ("workload", 9),
        ("after_hours", 8),
        ("rest", 6),
        ("", 9),
    ),
}
# Personal engagement: how much more or less often than the bucket someone answers.
_ENGAGEMENT = (0.35, 0.8, 1.0, 1.2, 1.65)


@dataclass(frozen=True)
class PlannedAnswer:
    instrument: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class PlannedSubmission:
    period: str
    bucket: str
    help: str
    answers: tuple[PlannedAnswer, ...]


@dataclass(frozen=True)
class PlannedPeriod:
    code: str
    kind: str
    starts: datetime.date
    ends: datetime.date


@dataclass
class CheckinPlan:
    periods: list[PlannedPeriod] = field(default_factory=list)
    submissions: list[PlannedSubmission] = field(default_factory=list)


@dataclass
class _Person:
    trait: float
    engagement: float


def past_periods(*, today: datetime.date, weeks: int) -> list[PlannedPeriod]:
    """The `weeks` pulses before this week and the PAST_SCREENINGS screenings before this one."""
    monday = today - datetime.timedelta(days=today.weekday())
    periods = []
    for back in range(weeks, 0, -1):
        code, starts, ends = pulse_period_for(monday - datetime.timedelta(weeks=back))
        periods.append(PlannedPeriod(code, Period.Kind.PULSE, starts, ends))
    screenings = []
    starts = screening_period_for(today)[1]
    for _back in range(PAST_SCREENINGS):
        code, starts, ends = screening_period_for(starts - datetime.timedelta(days=1))
        screenings.append(PlannedPeriod(code, Period.Kind.SCREENING, starts, ends))
    return periods + screenings[::-1]


def _prefix_value(table: dict[str, float], code: str) -> float:
    matches = [prefix for prefix in table if code.startswith(prefix)]
    return table[max(matches, key=len)] if matches else 0.0


def _season(day: datetime.date) -> float:
    """Extra strain from the year-end crunch: rises through November, peaks in December."""
    if day.month == 11:
        return 0.05 + 0.2 * day.day / 30
    if day.month == 12:
        return 0.3
    if day.month == 1 and day.day <= 14:
        return 0.1
    return 0.0


def _holiday_week(starts: datetime.date) -> bool:
    """Christmas and New Year fall in this week: cuti bersama, fewer check-ins."""
    days = [starts + datetime.timedelta(days=n) for n in range(7)]
    return any((d.month, d.day) in {(12, 24), (12, 25), (12, 26), (1, 1)} for d in days)


def _participation(index: int, weeks: int, rng: random.Random) -> float:
    """Agency-wide share answering in pulse week `index` (0 = oldest): 35–65%."""
    progress = index / max(weeks - 1, 1)
    sag = 0.62 - 0.2 * progress  # the novelty wears off
    if progress >= 0.6:
        sag += 0.1  # a reminder from the Sekda brings people back
    return min(0.65, max(0.35, sag + rng.uniform(-0.03, 0.03)))


def _climate(
    *, bucket: str, starts: datetime.date, index: int, weeks: int, rng: random.Random
) -> float:
    shift = _prefix_value(_STRAIN, bucket) + _season(starts)
    if starts.month in (11, 12):
        shift += _prefix_value(_YEAR_END_EXTRA, bucket)
    progress = index / max(weeks - 1, 1)
    if bucket == WORSENING_BUCKET:
        shift += 0.55 * progress
    if bucket == IMPROVING_BUCKET and progress >= 0.5:
        shift -= 0.45
    return shift + rng.gauss(0, 0.06)


def _ordinal(rng: random.Random, strain: float, cuts: Sequence[float], spread: float = 0.75) -> int:
    """How many of an item's ascending cut points the strain plus item noise passes."""
    level = strain + rng.gauss(0, spread)
    return sum(level > cut for cut in cuts)


def _who5(rng: random.Random, strain: float) -> tuple[int, ...]:
    # Well-being: the answer falls as strain rises; 3 ("more than half of the time") is typical.
    return tuple(_ordinal(rng, -strain, (-2.5, -1.6, -0.8, 0.3, 1.45)) for _ in range(5))


def _burnout(rng: random.Random, strain: float) -> tuple[int, ...]:
    return (1 + _ordinal(rng, strain, (-0.6, 1.3, 2.0, 2.7), spread=0.55),)


def _phq9(rng: random.Random, strain: float) -> tuple[int, ...]:
    # Sleep and tiredness (items 3, 4) are the commonest; item 9 the rarest by far.
    shifts = (0.15, 0.2, -0.15, -0.3, 0.25, 0.3, 0.25, 0.55, 1.8)
    return tuple(_ordinal(rng, strain - s, (0.55, 1.55, 2.3)) for s in shifts)


def _gad7(rng: random.Random, strain: float) -> tuple[int, ...]:
    shifts = (0.0, 0.15, -0.1, 0.05, 0.4, -0.05, 0.35)
    return tuple(_ordinal(rng, strain - s, (0.6, 1.6, 2.4)) for s in shifts)


def _cbi(rng: random.Random, strain: float) -> tuple[int, ...]:
    # Items 1–12 personal and work-related, 13 reversed ("energy for family and friends"),
    # 14–19 about clients, who wear people down a little less.
    values = []
    for number in range(1, 20):
        offset = 0.35 if number >= 14 else 0.0
        level = 25 * _ordinal(rng, strain - offset, (-1.3, -0.3, 0.9, 2.1))
        values.append(100 - level if number == 13 else level)
    return tuple(values)


def _help(rng: random.Random, strain: float) -> str:
    band = "high" if strain > 1.2 else "middle" if strain > 0.2 else "low"
    choices = _HELP[band]
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _people(rng: random.Random, size: int) -> list[_Person]:
    return [_Person(rng.gauss(0, 0.8), rng.choice(_ENGAGEMENT)) for _ in range(size)]


def _answers(rng: random.Random, share: float, people: list[_Person]) -> Iterator[_Person]:
    for person in people:
        if rng.random() < min(0.95, share * person.engagement):
            yield person


def plan_checkins(
    *, buckets: Sequence[tuple[str, int]], today: datetime.date, weeks: int, seed: int
) -> CheckinPlan:
    """Every past period and answer for these (bucket code, size) pairs, without the database."""
    rng = random.Random(seed)
    plan = CheckinPlan(periods=past_periods(today=today, weeks=weeks))
    people = {code: _people(rng, size) for code, size in buckets}
    bias = {code: rng.gauss(0, 0.06) for code, _size in buckets}  # some units answer more
    pulses = [p for p in plan.periods if p.kind == Period.Kind.PULSE]
    climates: dict[tuple[str, datetime.date], float] = {}
    for index, period in enumerate(pulses):
        share = _participation(index, weeks, rng)
        if _holiday_week(period.starts):
            share *= 0.75
        for code, _size in buckets:
            climate = _climate(bucket=code, starts=period.starts, index=index, weeks=weeks, rng=rng)
            climates[code, period.starts] = climate
            for person in _answers(rng, share + bias[code], people[code]):
                strain = person.trait + climate + rng.gauss(0, 0.6)
                plan.submissions.append(
                    PlannedSubmission(
                        period=period.code,
                        bucket=code,
                        help=_help(rng, strain),
                        answers=(
                            PlannedAnswer("who5", _who5(rng, strain)),
                            PlannedAnswer("single-item-burnout", _burnout(rng, strain)),
                        ),
                    )
                )
    makers = {"phq9": _phq9, "gad7": _gad7, "cbi": _cbi}
    for period in plan.periods:
        if period.kind != Period.Kind.SCREENING:
            continue
        share = rng.uniform(0.2, 0.32)
        for code, _size in buckets:
            seen = [
                climate
                for (bucket, starts), climate in climates.items()
                if bucket == code and period.starts <= starts <= period.ends
            ]
            climate = (
                sum(seen) / len(seen)
                if seen
                else _prefix_value(_STRAIN, code) + _season(period.starts)
            )
            for person in _answers(rng, share + bias[code], people[code]):
                strain = person.trait + climate + rng.gauss(0, 0.6)
                chosen = [name for name, p in _SCREENING_CHOICE.items() if rng.random() < p]
                plan.submissions.append(
                    PlannedSubmission(
                        period=period.code,
                        bucket=code,
                        help="",
                        answers=tuple(
                            PlannedAnswer(name, makers[name](rng, strain))
                            for name in chosen or ["phq9"]
                        ),
                    )
                )
    rng.shuffle(plan.submissions)
    return plan


@cache
def _scored(instrument: str, values: tuple[int, ...]) -> dict[str, Any]:
    """The stored score of one answer set, as redemption stores it."""
    score = score_answers(instrument=instrument, answers=list(values))
    return {
        "total": score.total,
        "subscales": {s.name: s.score for s in score.subscales},
        "band": score.band.label_en if score.band else "",
        "flags": list(score.flags),
    }


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class DemoCheckinsError(Exception):
    """The history cannot be seeded here (no agency, or history already present)."""


def seed_demo_checkins(
    *, today: datetime.date, weeks: int = 12, seed: int = 2026
) -> dict[str, int]:
    """Create the closed past periods and write their synthetic answers; returns counts."""
    buckets = plan_buckets(min_size=settings.REHAT_MIN_BUCKET)
    if not buckets:
        raise DemoCheckinsError(
            _("Belum ada kelompok token: buat dulu instansi demo (rehat demo_data).")
        )
    plan = plan_checkins(
        buckets=[(b.code, b.size) for b in buckets], today=today, weeks=weeks, seed=seed
    )
    codes = [p.code for p in plan.periods]
    if (
        Period.objects.filter(code__in=codes).exists()
        or Submission.objects.filter(period__in=codes).exists()
    ):
        raise DemoCheckinsError(_("Riwayat cek kabar demo sudah ada; tidak ada yang diubah."))
    ids = random.Random(f"{seed}:ids")
    submissions, answers = [], []
    for planned in plan.submissions:
        submission = Submission(
            id=_uuid(ids), period=planned.period, bucket=planned.bucket, help=planned.help
        )
        submissions.append(submission)
        for answer in planned.answers:
            answers.append(
                Answer(
                    id=_uuid(ids),
                    submission=submission,
                    instrument=answer.instrument,
                    values=list(answer.values),
                    **_scored(answer.instrument, answer.values),
                )
            )
    # Identity commits last: if the anonymous side fails, no period claims a history.
    with transaction.atomic(using=IDENTITY), transaction.atomic(using=ANONYMOUS):
        Period.objects.bulk_create(
            Period(
                code=p.code, kind=p.kind, starts=p.starts, ends=p.ends, status=Period.Status.CLOSED
            )
            for p in plan.periods
        )
        Submission.objects.bulk_create(submissions, batch_size=BATCH_SIZE)
        Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
    return {
        "buckets": len(buckets),
        "pulses": sum(p.kind == Period.Kind.PULSE for p in plan.periods),
        "screenings": sum(p.kind == Period.Kind.SCREENING for p in plan.periods),
        "submissions": len(submissions),
        "answers": len(answers),
    }

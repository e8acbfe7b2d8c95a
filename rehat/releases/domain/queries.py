"""What each kind of period releases, and the exact per-bucket aggregates behind it.

A query is a per-bucket integer: a count or a sum of clamped integer scores. Derived
statistics (means, shares) are post-processing of the noisy queries and cost nothing.
The shares of a period's ε add up to 1.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Greatest, Least

from rehat.conversations.models import Conversation
from rehat.responses.models import Answer, Submission

HELP_CHOICES = tuple(Submission.Help.values)
HELP_LABELS = dict(Submission.Help.choices)
WHO5_LOW_MAX = 12  # raw 0–25; 12 × 4 = 48 %, the last raw score in the "≤ 50 %" band
BURNOUT_HIGH_MIN = 3  # "definitely burning out" and worse
PHQ9_HIGH_MIN = 10  # moderate and above
GAD7_HIGH_MIN = 10
CBI_HIGH_MIN = 50  # work-related burnout subscale, the usual cut-off
PS7_ITEMS = 7


@dataclass(frozen=True)
class Query:
    name: str
    share: float  # of the period's ε
    sensitivity: int


@dataclass(frozen=True)
class Derived:
    """numerator / denominator × scale, shown with its interval inside `bounds`."""

    name: str
    numerator: str
    denominator: str
    scale: float
    bounds: tuple[float, float]


def _help_queries(share: float) -> list[Query]:
    # One person picks one choice: the histogram's L1 sensitivity is 1 in all, so one
    # measurement covers every cell; the shares below split nothing.
    return [Query(f"help:{c}", share, 1) for c in HELP_CHOICES]


QUERIES: dict[str, list[Query]] = {
    "pulse": [
        Query("respondents", 0.4, 1),
        Query("who5_sum", 0.2, 25),
        Query("who5_low", 0.15, 1),
        Query("burnout_high", 0.15, 1),
        *_help_queries(0.1),
    ],
    "screening": [
        Query("respondents", 0.2, 1),
        Query("phq9_n", 0.1, 1),
        Query("phq9_high", 0.1, 1),
        Query("gad7_n", 0.1, 1),
        Query("gad7_high", 0.1, 1),
        Query("cbi_n", 0.1, 1),
        Query("cbi_high", 0.1, 1),
        Query("voices", 0.2, 0),  # sensitivity: voice tokens per person (set at runtime)
    ],
    "climate": [
        Query("respondents", 0.4, 1),
        Query("ps7_sum", 0.6, 7 * PS7_ITEMS),
    ],
}

DERIVED: dict[str, list[Derived]] = {
    "pulse": [
        Derived("who5_mean", "who5_sum", "respondents", 4.0, (0.0, 100.0)),
        Derived("who5_low_share", "who5_low", "respondents", 1.0, (0.0, 1.0)),
        Derived("burnout_share", "burnout_high", "respondents", 1.0, (0.0, 1.0)),
        *[Derived(f"help:{c}", f"help:{c}", "respondents", 1.0, (0.0, 1.0)) for c in HELP_CHOICES],
    ],
    "screening": [
        Derived("phq9_high_share", "phq9_high", "phq9_n", 1.0, (0.0, 1.0)),
        Derived("gad7_high_share", "gad7_high", "gad7_n", 1.0, (0.0, 1.0)),
        Derived("cbi_high_share", "cbi_high", "cbi_n", 1.0, (0.0, 1.0)),
    ],
    "climate": [
        Derived("ps7_mean", "ps7_sum", "respondents", 1.0 / PS7_ITEMS, (1.0, 7.0)),
    ],
}


def queries_for(kind: str) -> list[Query]:
    if kind not in QUERIES:
        raise ValueError(f"no release is defined for periods of kind {kind!r}")
    voices = max(1, int(getattr(settings, "REHAT_VOICE_TOKENS", 3)))
    return [Query(q.name, q.share, voices) if q.name == "voices" else q for q in QUERIES[kind]]


Exact = dict[str, dict[str, int]]  # bucket → query → exact value


def _add(exact: Exact, rows: Iterable[Mapping[str, Any]], key: str, names: dict[str, str]) -> None:
    for row in rows:
        bucket = str(row[key])
        for column, name in names.items():
            exact[bucket][name] += int(row[column] or 0)


def collect_exact(*, period: str, kind: str) -> Exact:
    """Exact per-bucket values of the period's queries, read on the anonymous side."""
    exact: Exact = defaultdict(lambda: defaultdict(int))
    submissions = Submission.objects.filter(period=period)
    _add(
        exact, submissions.values("bucket").annotate(n=Count("id")), "bucket", {"n": "respondents"}
    )
    answers = Answer.objects.filter(submission__period=period)
    by_bucket = "submission__bucket"

    def per_instrument(instrument: str, **columns: object) -> None:
        rows = answers.filter(instrument=instrument).values(by_bucket).annotate(**columns)
        _add(exact, rows, by_bucket, {c: c for c in columns})

    if kind == "pulse":
        per_instrument(
            "who5",
            who5_sum=Sum(Least(Greatest(F("total"), 0.0), 25.0)),
            who5_low=Count("id", filter=Q(total__lte=WHO5_LOW_MAX)),
        )
        per_instrument(
            "single-item-burnout", burnout_high=Count("id", filter=Q(total__gte=BURNOUT_HIGH_MIN))
        )
        rows = submissions.exclude(help="").values("bucket", "help").annotate(n=Count("id"))
        for row in rows:
            exact[row["bucket"]][f"help:{row['help']}"] += row["n"]
    elif kind == "screening":
        per_instrument(
            "phq9", phq9_n=Count("id"), phq9_high=Count("id", filter=Q(total__gte=PHQ9_HIGH_MIN))
        )
        per_instrument(
            "gad7", gad7_n=Count("id"), gad7_high=Count("id", filter=Q(total__gte=GAD7_HIGH_MIN))
        )
        per_instrument(
            "cbi",
            cbi_n=Count("id"),
            cbi_high=Count("id", filter=Q(subscales__work__gte=CBI_HIGH_MIN)),
        )
        voices = Conversation.objects.filter(period=period).values("bucket").annotate(n=Count("id"))
        _add(exact, voices, "bucket", {"n": "voices"})
    elif kind == "climate":
        # The stored total is the mean of 7 items (1–7); 7 × mean is the integer item sum.
        for bucket, total in answers.filter(instrument="edmondson-ps7").values_list(
            by_bucket, "total"
        ):
            item_sum = round(PS7_ITEMS * min(7.0, max(1.0, float(total or 1.0))))
            exact[bucket]["ps7_sum"] += item_sum
    return exact

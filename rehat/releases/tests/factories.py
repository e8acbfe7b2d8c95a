"""Anonymous-side answers for release tests, written straight into the final tables, and
released rows written directly for page tests."""

import random

from rehat.releases.domain.queries import HELP_CHOICES
from rehat.releases.models import Release, ReleasedStat
from rehat.responses.models import Answer, Submission


def add_pulse(
    *, period: str, bucket: str, n: int, who5: int = 15, burnout: int = 2, help: str = "rest"
) -> None:
    subs = [Submission(period=period, bucket=bucket, help=help) for _ in range(n)]
    Submission.objects.bulk_create(subs)
    Answer.objects.bulk_create(
        [
            a
            for s in subs
            for a in (
                Answer(submission=s, instrument="who5", values=[3] * 5, total=who5),
                Answer(
                    submission=s,
                    instrument="single-item-burnout",
                    values=[burnout],
                    total=burnout,
                ),
            )
        ]
    )


def add_random_pulse(*, period: str, bucket: str, n: int, rng: random.Random) -> None:
    for _ in range(n):
        add_pulse(
            period=period,
            bucket=bucket,
            n=1,
            who5=rng.randint(0, 25),
            burnout=rng.randint(1, 5),
            help=rng.choice(["", "rest", "listen", "workload"]),
        )


def _stat(value: float, half: float, low: float = 0.0, high: float = 1.0) -> dict[str, float]:
    return {"value": value, "low": max(low, value - half), "high": min(high, value + half)}


def released_stats(*, kind: str, n: int, value: float = 0.4) -> dict[str, dict[str, float]]:
    """Plausible stats of one shown row: shares at `value`, the WHO-5 mean at 100 × (1 − value)."""
    stats = {"respondents": {"value": n, "low": n - 3, "high": n + 3}}
    if kind == "pulse":
        stats["who5_mean"] = _stat(100 * (1 - value), 8.0, 0.0, 100.0)
        stats["who5_low_share"] = _stat(value, 0.1)
        stats["burnout_share"] = _stat(value, 0.1)
        for i, choice in enumerate(HELP_CHOICES):
            stats[f"help:{choice}"] = _stat(round(value / (i + 1), 4), 0.1)
    elif kind == "screening":
        for name in ("phq9_high_share", "gad7_high_share", "cbi_high_share"):
            stats[name] = _stat(value, 0.1)
        stats["voices"] = {"value": 12, "low": 4, "high": 20}
    elif kind == "climate":
        stats["ps7_mean"] = _stat(5.0, 0.5, 1.0, 7.0)
    return stats


def make_release(
    *, period: str, kind: str = "pulse", units: dict[str, tuple[str, int | None]]
) -> Release:
    """A release written directly (no answers, no noise): unit code → (parent code, n).

    n None: the row is suppressed. The agency's row has the code "" (and parent "").
    """
    release = Release.objects.create(
        period=period,
        kind=kind,
        year=int(period.split("-")[1]),
        epsilon=1.0,
        min_group=10,
        buckets=len(units),
    )
    ReleasedStat.objects.bulk_create(
        [
            ReleasedStat(
                release=release,
                period=period,
                scope="agency" if code == "" else "subtree",
                unit=code,
                parent=parent,
                suppressed=n is None,
                n=n,
                stats={} if n is None else released_stats(kind=kind, n=n),
            )
            for code, (parent, n) in units.items()
        ]
    )
    return release

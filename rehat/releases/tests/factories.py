"""Anonymous-side answers for release tests, written straight into the final tables."""

import random

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

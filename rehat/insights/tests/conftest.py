import datetime

import pytest

from rehat.checkins.models import Period
from rehat.insights.domain.releasing import release_one
from rehat.releases.domain.noise import Mechanism
from rehat.releases.domain.release import Budget
from rehat.releases.tests.factories import add_pulse


@pytest.fixture
def no_noise(monkeypatch):
    monkeypatch.setattr(Mechanism, "release", lambda self, values: list(values))


@pytest.fixture
def released(org, no_noise, settings):
    """Three released weeks for the persona agency: Alfa (with Alfa Satu) and Beta buckets.

    Buckets: ALFA1 (24 answers), ALFA (own, 12), BETA (6: too small), SETDA (own, 15),
    INSTANSI (15). Suppression hides BETA and SETDA's own bucket; Alfa stays visible.
    """
    settings.REHAT_MIN_BUCKET = 1
    from rehat.insights.domain import releasing

    def tree(*, period):
        from rehat.releases.domain import Tree

        return Tree(
            parent={"SETDA": "", "ALFA": "SETDA", "ALFA1": "ALFA", "BETA": "SETDA"},
            bucket_root={
                "ALFA1": "ALFA1",
                "ALFA": "ALFA",
                "BETA": "BETA",
                "SETDA": "SETDA",
                "INSTANSI": "",
            },
        )

    releasing_build = releasing.build_tree
    releasing.build_tree = tree
    try:
        for week in (8, 9, 10):
            code = f"pulse-2026-W{week:02d}"
            day = datetime.date(2026, 2, 16) + datetime.timedelta(weeks=week - 8)
            period = Period.objects.create(
                code=code, kind="pulse", starts=day, ends=day, status=Period.Status.CLOSED
            )
            add_pulse(period=code, bucket="ALFA1", n=24, who5=10, burnout=4, help="rest")
            add_pulse(period=code, bucket="ALFA", n=12, who5=20, burnout=1, help="listen")
            add_pulse(period=code, bucket="BETA", n=6, who5=5, burnout=5, help="counselor")
            add_pulse(period=code, bucket="SETDA", n=15, who5=18, burnout=2, help="")
            add_pulse(period=code, bucket="INSTANSI", n=15, who5=18, burnout=2, help="")
            release_one(period=period, budget=Budget(1.0, 100.0))
    finally:
        releasing.build_tree = releasing_build
    return org

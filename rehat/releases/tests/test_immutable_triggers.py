"""The database itself refuses to change released rows (migration 0002), on both engines.

Raw SQL bypasses the model's guard, so these tests talk to the anonymous connection's
cursor directly. Each refused statement runs in a savepoint so that PostgreSQL's
transaction stays usable for the check that follows.
"""

import pytest
from django.db import IntegrityError, connections, transaction

from rehat.releases.domain import PeriodInfo, Tree, release_period
from rehat.releases.domain.noise import Mechanism
from rehat.releases.domain.suppression import AGENCY
from rehat.releases.models import EpsilonLedger, Release, ReleasedStat
from rehat.releases.tests.factories import add_pulse
from rehat.routers import ANONYMOUS

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

PULSE = PeriodInfo(code="pulse-2026-W10", kind="pulse", year=2026)

STATEMENTS = [
    ("UPDATE releases_release SET epsilon = 0", Release),
    ("DELETE FROM releases_release", Release),
    ("UPDATE releases_releasedstat SET n = 999, suppressed = %s", ReleasedStat),
    ("DELETE FROM releases_releasedstat", ReleasedStat),
    ("UPDATE releases_epsilonledger SET epsilon = 0", EpsilonLedger),
    ("DELETE FROM releases_epsilonledger", EpsilonLedger),
]


@pytest.fixture
def release(monkeypatch):
    monkeypatch.setattr(Mechanism, "release", lambda self, values: list(values))
    add_pulse(period=PULSE.code, bucket="A", n=20)
    add_pulse(period=PULSE.code, bucket="B", n=30)
    return release_period(
        period=PULSE,
        tree=Tree(parent={"A": AGENCY, "B": AGENCY}, bucket_root={"A": "A", "B": "B"}),
    )


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Release.objects.values_list("period", "epsilon").order_by("period"),
        *ReleasedStat.objects.values_list("scope", "unit", "n", "suppressed").order_by(
            "scope", "unit"
        ),
        *EpsilonLedger.objects.values_list("bucket", "epsilon").order_by("bucket"),
    ]


@pytest.mark.parametrize(("sql", "model"), STATEMENTS, ids=[s for s, _m in STATEMENTS])
def test_raw_update_or_delete_of_a_released_row_is_refused_by_the_database(release, sql, model):
    before = snapshot()
    assert model.objects.exists()

    with (
        pytest.raises(IntegrityError, match="released rows never change"),
        transaction.atomic(using=ANONYMOUS),
        connections[ANONYMOUS].cursor() as cursor,
    ):
        cursor.execute(sql, [True] if "%s" in sql else None)

    assert snapshot() == before


def test_the_release_job_still_inserts_under_the_triggers(release):
    assert (Release.objects.count(), ReleasedStat.objects.count()) == (1, 5)
    assert sorted(EpsilonLedger.objects.values_list("bucket", flat=True)) == ["A", "B"]


def test_raw_insert_of_a_new_released_row_is_allowed(release):
    with connections[ANONYMOUS].cursor() as cursor:
        cursor.execute(
            "INSERT INTO releases_epsilonledger (id, bucket, period, year, epsilon) "
            "VALUES (%s, %s, %s, %s, %s)",
            ["0" * 32, "C", PULSE.code, 2026, 0.5],
        )

    assert EpsilonLedger.objects.filter(bucket="C").values_list("epsilon", flat=True).get() == 0.5


def test_the_triggers_exist_on_this_engine():
    connection = connections[ANONYMOUS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
                "WHERE event_object_table LIKE %s",
                ["releases_%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name LIKE %s",
                ["releases_%"],
            )
        found = {
            (table, "UPDATE" if "UPDATE" in event.split(" ON ")[0] else "DELETE")
            for table, event in cursor.fetchall()
        }

    assert found == {
        (table, op)
        for table in ("releases_release", "releases_releasedstat", "releases_epsilonledger")
        for op in ("UPDATE", "DELETE")
    }

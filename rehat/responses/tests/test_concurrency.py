"""Double spending under concurrency: a token is accepted once, also when posted at once.

Each thread has its own database connection (Django's connections are per thread) and
waits at a barrier, so all posts reach the database together. On PostgreSQL the unique
index on SpentToken.token_hash settles the race: one insert commits, the others wait for
it and then fail. SQLite allows one writer at a time (and the in-memory test databases
lock whole tables), so there the race cannot happen; the SQLite variant sends the same
posts from the same threads taking turns, which checks the accounting, not the race.
"""

import base64
import contextlib
import datetime
import json
import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.models import Period
from rehat.checkins.tests.helpers import obtain_token
from rehat.organizations.models import Agency
from rehat.responses.domain import move_due
from rehat.responses.models import Answer, PendingSubmission, SpentToken, Submission
from rehat.routers import ANONYMOUS, IDENTITY
from rehat.tests.factories import make_employee, make_unit

ALL = [IDENTITY, ANONYMOUS]
THREADS = 8
TODAY = datetime.date(2026, 11, 25)
ON_SQLITE = settings.DATABASES[ANONYMOUS]["ENGINE"].endswith("sqlite3")
needs_postgresql = pytest.mark.skipif(
    ON_SQLITE,
    reason="SQLite runs one write transaction at a time, so posts cannot race; set "
    "DATABASE_URL and ANONYMOUS_DATABASE_URL to PostgreSQL to run the real race",
)


def _tokens(count: int) -> tuple[str, list[tuple[str, bytes]]]:
    """An agency of `count` people in one bucket; each takes a pulse token."""
    Agency.objects.create(name="Pemerintah Kota Serentak")
    unit = make_unit(code="SERENTAK")
    people = [make_employee(unit=unit) for _ in range(count)]
    with override_settings(REHAT_MIN_BUCKET=count):
        sync_periods(today=TODAY)
    period = Period.objects.get(kind=Period.Kind.PULSE).code
    tokens = []
    for person in people:
        client = Client()
        client.force_login(person.user)
        tokens.append(obtain_token(client, period))
    return period, tokens


def _post(period: str, bucket: str, token: bytes, who5: list[int]) -> int:
    response = Client().post(
        "/anon/v1/cek-kabar/",
        json.dumps(
            {
                "period": period,
                "bucket": bucket,
                "token": base64.b64encode(token).decode(),
                "answers": {"who5": who5, "single-item-burnout": [3]},
                "help": "listen",
            }
        ),
        content_type="application/json",
    )
    return response.status_code


def _at_once(posts: list[Callable[[], int]], *, take_turns: bool = False) -> list[int]:
    """Run each post in its own thread; all start together at a barrier."""
    barrier = threading.Barrier(len(posts))
    turn = threading.Lock() if take_turns else contextlib.nullcontext()
    statuses: list[int] = [0] * len(posts)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            with turn:
                statuses[index] = posts[index]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@needs_postgresql
@pytest.mark.django_db(transaction=True, databases=ALL)
def test_the_same_token_posted_at_once_is_accepted_exactly_once():
    period, [(bucket, token)] = _tokens(1)
    statuses = _at_once(
        [lambda: _post(period, bucket, token, [4, 4, 3, 3, 2])] * THREADS,
    )
    assert sorted(statuses) == [200] + [409] * (THREADS - 1)
    assert SpentToken.objects.count() == 1
    assert PendingSubmission.objects.count() == 1
    assert Submission.objects.count() == 0


@pytest.mark.django_db(transaction=True, databases=ALL)
def test_the_same_token_posted_from_threads_taking_turns_is_accepted_exactly_once():
    period, [(bucket, token)] = _tokens(1)
    statuses = _at_once(
        [lambda: _post(period, bucket, token, [4, 4, 3, 3, 2])] * THREADS,
        take_turns=True,
    )
    assert statuses.count(200) == 1
    assert sorted(statuses) == [200] + [409] * (THREADS - 1)
    assert SpentToken.objects.count() == 1
    assert PendingSubmission.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True, databases=ALL)
@override_settings(REHAT_SHUFFLE_BATCH=3)
def test_different_tokens_posted_at_once_are_each_stored_once():
    """The shuffler's beat races the posts: every answer ends up stored once, pending or
    moved, and a second beat leaves fewer than a batch waiting."""
    period, tokens = _tokens(THREADS)
    # Totals of 13 and more: see test_every_band_label_fits_the_answer_table.
    vectors = [[5, 5, 3, i % 6, i // 6] for i in range(THREADS)]
    statuses = _at_once(
        [
            lambda b=bucket, t=token, v=vector: _post(period, b, t, v)
            for (bucket, token), vector in zip(tokens, vectors, strict=True)
        ]
        + [lambda: move_due() * 0 - 1]  # -1: the beat ran without an error
    )
    assert statuses == [200] * THREADS + [-1]
    move_due()
    assert SpentToken.objects.count() == THREADS
    moved = sorted(Answer.objects.filter(instrument="who5").values_list("values", flat=True))
    waiting = sorted(
        item["values"]
        for payload in PendingSubmission.objects.values_list("payload", flat=True)
        for item in payload["answers"]
        if item["instrument"] == "who5"
    )
    assert sorted(moved + waiting) == sorted(vectors)
    assert Submission.objects.count() == len(moved)
    assert len(waiting) < 3

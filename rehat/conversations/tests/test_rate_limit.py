"""Wrong receipts: one failure budget per minute for everyone, and a delay on each.

No address is ever looked at, so the budget is global: when it runs out, every
receipt (right or wrong) waits until the next minute.
"""

import base64
import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.tests.helpers import obtain_token
from rehat.conversations import views
from rehat.conversations.models import Message
from rehat.conversations.tests.helpers import make_team_key
from rehat.tests.personas import client_for

ALL = ["default", "anonymous"]
SCREENING = "screening-2026-11"
READ, SEND = "/anon/v1/ruang-dengar/baca/", "/anon/v1/ruang-dengar/kirim/"
START = 1_795_000_040.0  # 20 s into a minute


class Clock:
    def __init__(self) -> None:
        self.now = START
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(views, "_clock", lambda: clock.now)
    monkeypatch.setattr(views, "_sleep", clock.sleep)
    monkeypatch.setattr(views, "RECEIPT_FAILURE_BUDGET", 3)
    monkeypatch.setattr(views, "RECEIPT_FAILURE_DELAY", 0.75)
    cache.clear()
    return clock


@pytest.fixture
def receipt(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    make_team_key()
    bucket, token = obtain_token(client_for(org, "employee"), SCREENING, purpose="voice")
    body = {"period": SCREENING, "bucket": bucket, "token": base64.b64encode(token).decode()}
    return post("/anon/v1/ruang-dengar/buka/", body).json()["receipt"]


def post(url, data):
    return Client().post(url, json.dumps(data), content_type="application/json")


def wrong(n: int) -> str:
    return str(n) * 30


@pytest.mark.django_db(databases=ALL)
def test_every_wrong_receipt_waits_and_a_right_one_does_not(clock, receipt):
    statuses = [
        post(READ, {"receipt": wrong(1)}).status_code,
        post(READ, {"receipt": "bukan kode"}).status_code,
        post(READ, {"receipt": receipt}).status_code,
    ]

    assert statuses == [404, 404, 200]
    assert clock.slept == [0.75, 0.75]


@pytest.mark.django_db(databases=ALL)
def test_after_the_budget_every_receipt_gets_429_until_the_minute_ends(clock, receipt):
    for n in range(3):
        assert post(READ, {"receipt": wrong(n)}).status_code == 404

    refused = [
        post(READ, {"receipt": wrong(5)}),
        post(READ, {"receipt": receipt}),
        post(SEND, {"receipt": receipt, "text": "halo"}),
    ]

    assert [r.status_code for r in refused] == [429, 429, 429]
    assert refused[0].json()["code"] == "throttled"
    assert refused[0]["Retry-After"] == "40"
    assert clock.slept == [0.75] * 3  # refused requests are answered at once
    assert Message.objects.count() == 2  # nothing was sent

    clock.now = START + 40  # the next minute

    assert post(READ, {"receipt": receipt}).status_code == 200


@pytest.mark.django_db(databases=ALL)
def test_right_receipts_spend_nothing_of_the_budget(clock, receipt):
    statuses = [post(READ, {"receipt": receipt}).status_code for _ in range(5)]
    statuses += [post(READ, {"receipt": wrong(n)}).status_code for n in range(3)]

    assert statuses == [200] * 5 + [404] * 3


@pytest.mark.django_db(databases=ALL)
def test_sending_with_a_wrong_receipt_spends_the_budget_too(clock, receipt):
    statuses = [post(SEND, {"receipt": wrong(n), "text": "halo"}).status_code for n in range(4)]

    assert statuses == [404, 404, 404, 429]


def test_the_delay_is_between_half_a_second_and_a_second():
    assert 0.5 <= views.RECEIPT_FAILURE_DELAY <= 1
    assert views.RECEIPT_FAILURE_BUDGET == 20

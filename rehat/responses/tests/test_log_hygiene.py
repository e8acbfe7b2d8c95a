"""The anonymous endpoints leave no address, user agent or time in any log, set no cookie
and read nothing of the identity side.

Every logger is lowered to DEBUG while the requests run, so records that production's
levels would drop are checked too; each record is checked as its message and as every
configured handler would write it.
"""

import base64
import datetime
import json
import logging
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.log import AdminEmailHandler

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.models import Period
from rehat.checkins.tests.helpers import obtain_token
from rehat.responses.domain import move_due
from rehat.responses.models import PublishedKey
from rehat.routers import ANONYMOUS, IDENTITY
from rehat.tests.personas import client_for

ALL = [IDENTITY, ANONYMOUS]
ADDRESS = "10.77.123.45"
FORWARDED = "203.0.113.99"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14; HP-Dinas-Alfa-0042) Chrome/131"
TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}(:\d{2})?\b|\d{2}/[A-Z][a-z]{2}/\d{4}|\b1[5-9]\d{8}\b"
)


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[Records]:
    """Every logger at DEBUG, all records collected."""
    handler = Records()
    loggers = _loggers()
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for logger, level in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)


def _written(record: logging.LogRecord) -> list[str]:
    """The record as its message and as every handler of settings.LOGGING would write it."""
    lines = [record.getMessage()]
    for logger in [logging.getLogger(), *map(logging.getLogger, ["django", "django.request"])]:
        for handler in logger.handlers:
            if not isinstance(handler, Records) and not type(handler).__module__.startswith(
                "_pytest"
            ):
                lines.append(handler.format(record))
    return lines


def _client() -> Client:
    return Client(
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=USER_AGENT,
        HTTP_X_FORWARDED_FOR=FORWARDED,
        HTTP_X_REAL_IP=FORWARDED,
    )


def _redeem(client: Client, period: str, bucket: str, token: bytes, who5: list[int]):
    return client.post(
        "/anon/v1/cek-kabar/",
        json.dumps(
            {
                "period": period,
                "bucket": bucket,
                "token": base64.b64encode(token).decode(),
                "answers": {"who5": who5, "single-item-burnout": [2]},
                "help": "rest",
            }
        ),
        content_type="application/json",
    )


@pytest.fixture
def pulse(org) -> Period:
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    return Period.objects.get(kind=Period.Kind.PULSE)


@pytest.mark.django_db(databases=ALL)
@override_settings(REHAT_SHUFFLE_BATCH=2)
def test_anonymous_endpoints_log_no_address_user_agent_or_time(org, pulse, records):
    first = obtain_token(client_for(org, "employee"), pulse.code)
    second = obtain_token(client_for(org, "leader"), pulse.code)
    records.records.clear()
    client = _client()
    statuses = [
        client.get("/anon/v1/kunci.json").status_code,
        _redeem(client, pulse.code, *first, [4, 4, 3, 3, 2]).status_code,
        _redeem(client, pulse.code, *first, [4, 4, 3, 3, 2]).status_code,  # spent
        _redeem(client, pulse.code, *second, [5, 4, 3, 3, 2]).status_code,  # makes a batch
        _redeem(client, pulse.code, first[0], b"\x00" * 40, [1, 1, 1, 1, 1]).status_code,
        client.post("/anon/v1/cek-kabar/", "{", content_type="application/json").status_code,
        client.get("/anon/v1/cek-kabar/").status_code,
        client.get("/anon/v1/tidak-ada/").status_code,
    ]
    assert statuses == [200, 200, 409, 200, 400, 400, 405, 404]
    assert move_due() == 2  # the shuffler's beat, which logs nothing either
    lines = [line for record in records.records for line in _written(record)]
    # The capture is live: Django reports the refused requests (at WARNING).
    assert "Conflict: /anon/v1/cek-kabar/" in lines
    assert "Method Not Allowed (GET): /anon/v1/cek-kabar/" in lines
    leaks = [
        line
        for line in lines
        if ADDRESS in line or FORWARDED in line or "Android" in line or TIME.search(line)
    ]
    assert leaks == []
    # Django's error records carry the request; its default mail_admins handler would mail
    # the request's META (address, user agent). It stays inert while ADMINS is empty.
    mailing = [h for lg in _loggers() for h in lg.handlers if isinstance(h, AdminEmailHandler)]
    assert len(mailing) <= 1
    assert list(settings.ADMINS) == []


def _loggers() -> list[logging.Logger]:
    return [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]


@pytest.mark.django_db(databases=ALL)
def test_anonymous_responses_set_no_cookie_and_read_nothing_of_the_identity_side(org, pulse):
    bucket, token = obtain_token(client_for(org, "employee"), pulse.code)
    # A browser that wrongly sends its cookies along changes nothing.
    signed_in = client_for(org, "employee")
    signed_in.defaults.update(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=USER_AGENT)
    signed_in.cookies["csrftoken"] = "x" * 32
    with CaptureQueriesContext(connections[IDENTITY]) as identity_queries:
        responses = [
            signed_in.get("/anon/v1/kunci.json"),
            _redeem(signed_in, pulse.code, bucket, token, [4, 4, 3, 3, 2]),
            _redeem(signed_in, pulse.code, bucket, token, [4, 4, 3, 3, 2]),
            _redeem(_client(), pulse.code, bucket, b"\x00" * 40, [4, 4, 3, 3, 2]),
        ]
    assert [r.status_code for r in responses] == [200, 200, 409, 400]
    assert [r.cookies for r in responses] == [{}, {}, {}, {}]
    assert [r.headers.get("Set-Cookie") for r in responses] == [None] * 4
    assert ["Cookie" in r.headers.get("Vary", "") for r in responses] == [False] * 4
    assert identity_queries.captured_queries == []


@pytest.mark.django_db(databases=ALL)
def test_key_list_is_never_stored_by_a_cache(pulse):
    response = Client().get("/anon/v1/kunci.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert {k["bucket"] for k in response.json()["keys"]} == set(
        PublishedKey.objects.filter(period=pulse.code).values_list("bucket", flat=True)
    )

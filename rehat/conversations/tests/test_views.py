"""The anonymous Ruang Dengar endpoints: open, read, send."""

import base64
import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.tests.helpers import obtain_token
from rehat.conversations import views
from rehat.conversations.domain.crisis_language import CrisisMatch
from rehat.conversations.domain.threads import (
    AUTO_REPLY,
    add_counselor_reply,
    find_conversation,
    read_for_employee,
)
from rehat.conversations.models import Conversation, Message
from rehat.conversations.tests.helpers import make_team_key
from rehat.routers import IDENTITY
from rehat.tests.personas import client_for

ALL = ["default", "anonymous"]
NOW = datetime.datetime(2026, 11, 25, 3, 10, tzinfo=datetime.UTC)  # Wed 10.10 WIB
SCREENING = "screening-2026-11"
RECEIPT = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$")
OPEN, READ, SEND = (
    "/anon/v1/ruang-dengar/buka/",
    "/anon/v1/ruang-dengar/baca/",
    "/anon/v1/ruang-dengar/kirim/",
)


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    monkeypatch.setattr(views, "RECEIPT_FAILURE_DELAY", 0)
    cache.clear()


@pytest.fixture
def voice(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    make_team_key()
    return obtain_token(client_for(org, "employee"), SCREENING, purpose="voice")


def post(url, data, client=None):
    return (client or Client()).post(url, json.dumps(data), content_type="application/json")


def open_with(voice, text="", topic=""):
    bucket, token = voice
    body = {
        "period": SCREENING,
        "bucket": bucket,
        "token": base64.b64encode(token).decode(),
        "text": text,
        "topic": topic,
    }
    return post(OPEN, body)


@pytest.mark.django_db(databases=ALL)
def test_open_answers_at_once_with_receipt_thread_and_deadline(voice):
    response = open_with(voice, text="Lembur terus tiap malam.", topic="workload")

    assert response.status_code == 200
    data = response.json()
    assert RECEIPT.match(data["receipt"])
    assert data["urgent"] is False
    assert data["deadline_text"] == (
        "Konselor akan membalas paling lambat Rabu, 25 November pukul 15.00."
    )
    assert data["html"].count('<li class="message') == 3
    assert "Saya lelah." in data["html"]
    assert "Lembur terus tiap malam." in data["html"]
    assert AUTO_REPLY in data["html"]
    assert response.cookies == {}
    assert response["Cache-Control"] == "no-store"
    conversation, _ = find_conversation(receipt_text=data["receipt"])
    assert conversation.topic == "workload"


@pytest.mark.django_db(databases=ALL)
def test_open_refuses_a_spent_voice_token(voice):
    open_with(voice)

    response = open_with(voice)

    assert response.status_code == 409
    assert response.json()["code"] == "spent"
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize(
    "body",
    [
        "{",
        "[]",
        '{"period": "x", "bucket": "y", "token": "not base64!"}',
        '{"period": "x", "bucket": "y", "token": "AAAA", "text": 5}',
        '{"period": "", "bucket": "y", "token": "AAAA"}',
    ],
)
def test_open_rejects_malformed_input(voice, body):
    response = Client().post(OPEN, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "malformed"
    assert Conversation.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
def test_open_with_an_unknown_topic_keeps_nothing(voice):
    response = open_with(voice, topic="gaji")

    assert response.status_code == 400
    assert response.json()["code"] == "topic"
    assert Conversation.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
def test_open_with_crisis_language_is_urgent(voice, monkeypatch):
    seen = []
    monkeypatch.setattr(
        views,
        "detect_crisis",
        lambda *, text: seen.append(text) or CrisisMatch(category="suicide", key="test"),
    )

    data = open_with(voice, text="kalimat krisis").json()

    assert data["urgent"] is True
    assert seen == ["kalimat krisis"]
    # Urgent: within REHAT_URGENT_REPLY_HOURS (1) of 10.10 WIB, on the hour.
    assert data["deadline_text"] == (
        "Konselor akan membalas paling lambat Rabu, 25 November pukul 12.00."
    )
    assert Conversation.objects.get().urgent is True


@pytest.mark.django_db(databases=ALL)
def test_open_uses_the_real_crisis_detector(voice):
    data = open_with(voice, text="Rasanya saya ingin mati saja.").json()

    assert data["urgent"] is True


@pytest.mark.django_db(databases=ALL)
def test_read_shows_the_counselor_reply(voice):
    receipt = open_with(voice).json()["receipt"]
    conversation, _ = find_conversation(receipt_text=receipt)
    add_counselor_reply(
        conversation=conversation, text="Terima kasih sudah bercerita.", first_message_at=NOW
    )

    response = post(READ, {"receipt": receipt.lower().replace("-", " ")})

    assert response.status_code == 200
    data = response.json()
    assert "receipt" not in data
    assert "Terima kasih sudah bercerita." in data["html"]
    assert 'class="message from-counselor' in data["html"]
    assert data["deadline_text"] == (
        "Konselor sudah membalas. Anda boleh melanjutkan percakapan kapan saja."
    )
    assert response.cookies == {}


@pytest.mark.django_db(databases=ALL)
def test_read_with_a_wrong_receipt_is_404(voice):
    open_with(voice)

    response = post(READ, {"receipt": "0" * 30})

    assert response.status_code == 404
    assert response.json()["code"] == "receipt"


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("body", ["{", '{"receipt": 42}', "[1]"])
def test_read_rejects_malformed_input(body):
    response = Client().post(READ, body, content_type="application/json")

    assert response.status_code == 400


@pytest.mark.django_db(databases=ALL)
def test_send_adds_the_message_and_sets_a_new_deadline(voice):
    receipt = open_with(voice).json()["receipt"]
    conversation, private = find_conversation(receipt_text=receipt)
    add_counselor_reply(conversation=conversation, text="Ceritakan lagi.", first_message_at=NOW)

    response = post(SEND, {"receipt": receipt, "text": "Atasan menelepon tiap malam."})

    assert response.status_code == 200
    data = response.json()
    assert "Atasan menelepon tiap malam." in data["html"]
    assert data["deadline_text"].startswith("Konselor akan membalas paling lambat")
    assert data["urgent"] is False
    entries = read_for_employee(conversation=conversation, private_key=private)
    assert [e.author for e in entries][-2:] == ["counselor", "employee"]
    assert Conversation.objects.get().waiting is True


@pytest.mark.django_db(databases=ALL)
def test_send_with_crisis_language_marks_the_conversation_urgent(voice, monkeypatch):
    receipt = open_with(voice).json()["receipt"]
    monkeypatch.setattr(
        views,
        "detect_crisis",
        lambda *, text: CrisisMatch(category="suicide", key="test") if "krisis" in text else None,
    )

    data = post(SEND, {"receipt": receipt, "text": "kalimat krisis"}).json()

    assert data["urgent"] is True
    assert Conversation.objects.get().urgent is True


@pytest.mark.django_db(databases=ALL)
def test_send_refuses_an_empty_message(voice):
    receipt = open_with(voice).json()["receipt"]

    response = post(SEND, {"receipt": receipt, "text": "   "})

    assert response.status_code == 400
    assert response.json()["code"] == "empty"
    assert Message.objects.count() == 2  # "Saya lelah." and the automatic reply


@pytest.mark.django_db(databases=ALL)
def test_send_with_a_wrong_receipt_adds_nothing(voice):
    open_with(voice)

    response = post(SEND, {"receipt": "1" * 30, "text": "halo"})

    assert response.status_code == 404
    assert Message.objects.count() == 2


@pytest.mark.django_db(databases=ALL)
@pytest.mark.parametrize("url", [OPEN, READ, SEND])
def test_endpoints_accept_only_post(url):
    assert Client().get(url).status_code == 405


@pytest.mark.django_db(databases=ALL)
def test_endpoints_read_nothing_of_the_identity_side_and_set_no_cookie(org, voice):
    signed_in = client_for(org, "employee")
    bucket, token = voice
    with CaptureQueriesContext(connections[IDENTITY]) as identity_queries:
        opened = post(
            OPEN,
            {"period": SCREENING, "bucket": bucket, "token": base64.b64encode(token).decode()},
            client=signed_in,
        )
        receipt = opened.json()["receipt"]
        responses = [
            opened,
            post(READ, {"receipt": receipt}, client=signed_in),
            post(SEND, {"receipt": receipt, "text": "halo"}, client=signed_in),
            post(READ, {"receipt": "2" * 30}, client=signed_in),
        ]

    assert [r.status_code for r in responses] == [200, 200, 200, 404]
    assert [r.cookies for r in responses] == [{}, {}, {}, {}]
    assert list(identity_queries) == []


def test_deadline_text_says_when_a_late_reply_is_overdue():
    conversation = Conversation(
        waiting=True, deadline=datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)
    )

    text = views.deadline_text(
        conversation, now=datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
    )

    assert text.startswith("Konselor akan membalas paling lambat Rabu, 25 November pukul 15.00.")
    assert "terlambat" in text


def test_deadline_text_of_a_closed_conversation():
    conversation = Conversation(status=Conversation.Status.CLOSED, waiting=False)

    assert views.deadline_text(conversation).startswith("Percakapan ini sudah ditutup.")

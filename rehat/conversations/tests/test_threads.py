import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.tests.helpers import obtain_token
from rehat.conversations.domain.threads import (
    AUTO_REPLY,
    ConversationError,
    add_counselor_reply,
    add_employee_message,
    find_conversation,
    open_conversation,
    read_for_employee,
    read_for_team,
)
from rehat.conversations.models import Conversation, Message
from rehat.conversations.tests.helpers import make_team_key
from rehat.lib import boxes
from rehat.tests.personas import client_for

ALL = ["default", "anonymous"]
NOW = datetime.datetime(2026, 11, 25, 3, 10, tzinfo=datetime.UTC)  # Wed 10.10 WIB
SCREENING = "screening-2026-11"


@pytest.fixture
def voice(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    team = make_team_key()
    bucket, token = obtain_token(client_for(org, "employee"), SCREENING, purpose="voice")
    return team, bucket, token


@pytest.mark.django_db(databases=ALL)
def test_opening_a_conversation_answers_at_once_and_gives_a_receipt(voice):
    team, bucket, token = voice
    opened = open_conversation(
        period=SCREENING,
        bucket=bucket,
        token=token,
        text="Lembur terus tiap malam.",
        topic="workload",
        now=NOW,
    )
    assert len(opened.receipt) == 30
    conversation, private = find_conversation(receipt_text=boxes.format_receipt(opened.receipt))
    entries = read_for_employee(conversation=conversation, private_key=private)
    assert [(e.author, e.text) for e in entries] == [
        ("employee", "Saya lelah."),
        ("employee", "Lembur terus tiap malam."),
        ("system", AUTO_REPLY),
    ]
    assert [
        e.text for e in read_for_team(conversation=conversation, team_private_keys={1: team})
    ] == [e.text for e in entries]
    # Normal deadline: 4 working hours after 10.10 WIB → 14.10 → on the hour: 15.00 WIB.
    assert conversation.deadline == datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)
    assert conversation.topic == "workload"


@pytest.mark.django_db(databases=ALL)
def test_a_voice_token_opens_one_conversation_only(voice):
    _, bucket, token = voice
    open_conversation(period=SCREENING, bucket=bucket, token=token, text="", now=NOW)
    with pytest.raises(ConversationError) as error:
        open_conversation(period=SCREENING, bucket=bucket, token=token, text="", now=NOW)
    assert error.value.code == "spent"
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(databases=ALL)
def test_a_check_in_token_cannot_open_a_conversation(org, voice):
    checkin_bucket, checkin_token = obtain_token(client_for(org, "leader"), SCREENING)
    with pytest.raises(ConversationError) as error:
        open_conversation(period=SCREENING, bucket=checkin_bucket, token=checkin_token, text="")
    assert error.value.code == "invalid"


@pytest.mark.django_db(databases=ALL)
def test_a_wrong_receipt_finds_nothing(voice):
    _, bucket, token = voice
    opened = open_conversation(period=SCREENING, bucket=bucket, token=token, text="", now=NOW)
    wrong = ("A" if opened.receipt[0] != "A" else "B") + opened.receipt[1:]
    for attempt in [wrong, "bukan kode", ""]:
        with pytest.raises(ConversationError) as error:
            find_conversation(receipt_text=attempt)
        assert error.value.code == "receipt"


@pytest.mark.django_db(databases=ALL)
def test_replies_reach_the_employee_and_the_service_figures_stay_coarse(voice):
    _team, bucket, token = voice
    opened = open_conversation(period=SCREENING, bucket=bucket, token=token, text="", now=NOW)
    conversation, private = find_conversation(receipt_text=opened.receipt)
    later = NOW + datetime.timedelta(hours=2, minutes=5)
    add_counselor_reply(
        conversation=conversation,
        text="Terima kasih sudah bercerita.",
        first_message_at=NOW,
        now=later,
    )
    add_employee_message(conversation=conversation, text="Sama-sama.", now=later)
    conversation.refresh_from_db()
    assert conversation.first_reply_hours == 3
    assert conversation.waiting is True
    texts = [e.text for e in read_for_employee(conversation=conversation, private_key=private)]
    assert texts[-2:] == ["Terima kasih sudah bercerita.", "Sama-sama."]
    assert list(conversation.messages.values_list("seq", flat=True)) == [0, 1, 2, 3]


@pytest.mark.django_db(databases=ALL)
def test_urgent_conversations_are_due_within_the_hour(voice):
    _, bucket, token = voice
    opened = open_conversation(
        period=SCREENING, bucket=bucket, token=token, text="", urgent=True, now=NOW
    )
    assert opened.conversation.deadline == datetime.datetime(
        2026, 11, 25, 5, 0, tzinfo=datetime.UTC
    )


@pytest.mark.django_db(databases=ALL)
def test_the_database_holds_no_plaintext_of_messages_replies_or_receipts(voice):
    _team, bucket, token = voice
    secret_text = "Atasan saya Pak Budi membentak saya di rapat Senin"
    reply = "Kami ikut prihatin, mari kita bicarakan pelan-pelan"
    opened = open_conversation(
        period=SCREENING, bucket=bucket, token=token, text=secret_text, now=NOW
    )
    conversation, _ = find_conversation(receipt_text=opened.receipt)
    add_counselor_reply(conversation=conversation, text=reply, first_message_at=NOW, now=NOW)
    dump = io.StringIO()
    for database in ALL:
        call_command("dumpdata", database=database, stdout=dump, format="json")
    raw = dump.getvalue()
    blobs = [bytes(m.for_team) + bytes(m.for_employee) for m in Message.objects.all()]
    everything = (
        raw.encode()
        + b"".join(blobs)
        + b"".join(
            bytes(c.wrapped_private_key) + bytes(c.receipt_hash) for c in Conversation.objects.all()
        )
    )
    for needle in [
        secret_text,
        "Pak Budi",
        reply,
        "Saya lelah",
        AUTO_REPLY,
        opened.receipt,
        boxes.format_receipt(opened.receipt),
    ]:
        assert needle.encode() not in everything
        assert json.dumps(needle)[1:-1].encode() not in everything

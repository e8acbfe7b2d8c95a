"""/konselor/percakapan/<uuid>/: read, reply, close, reopen, hand over, private notes."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from rehat.audit.models import Entry
from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.tests.helpers import obtain_token
from rehat.conversations.domain.threads import (
    add_employee_message,
    close_conversation,
    find_conversation,
    open_conversation,
    read_for_employee,
)
from rehat.conversations.models import Conversation
from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.models import Assignment, Note
from rehat.listening.tests.counselor_helpers import ALL, NOW, counselor_client, make_conversation
from rehat.listening.views import suggested_phrases
from rehat.tests.factories import make_employee, make_role
from rehat.tests.personas import client_for

SECRET = "Atasan saya membentak saya di rapat Senin"


@pytest.fixture
def team():
    return make_team_key()


def _url(conversation: Conversation, action: str = "") -> str:
    return f"/konselor/percakapan/{conversation.pk}/{action}"


@pytest.mark.django_db(databases=ALL)
def test_a_conversation_opened_with_a_voice_token_reads_and_gets_a_reply(org):
    with override_settings(REHAT_MIN_BUCKET=2):
        sync_periods(today=datetime.date(2026, 11, 25))
    team = make_team_key()
    bucket, token = obtain_token(client_for(org, "employee"), "screening-2026-11", purpose="voice")
    opened = open_conversation(
        period="screening-2026-11", bucket=bucket, token=token, text=SECRET, now=NOW
    )
    client = counselor_client(org, team={1: team})

    page = client.get(_url(opened.conversation)).content.decode()
    response = client.post(
        _url(opened.conversation, "balas/"), {"text": "Terima kasih sudah bercerita."}
    )

    assert SECRET in page
    assert response.status_code == 302
    conversation, private = find_conversation(receipt_text=opened.receipt)
    texts = [e.text for e in read_for_employee(conversation=conversation, private_key=private)]
    assert texts[-1] == "Terima kasih sudah bercerita."
    assert conversation.waiting is False
    assert conversation.first_reply_hours is not None
    assert Assignment.objects.get(conversation=conversation.pk).counselor == org.counselor.user


@pytest.mark.django_db(databases=ALL)
def test_each_view_writes_one_read_entry_without_text(org, team):
    conversation = make_conversation(texts=("Saya lelah.", SECRET))
    client = counselor_client(org, team={1: team})
    client.get(_url(conversation))
    entries = list(Entry.objects.filter(action="read").values("target_id", "changes", "actor"))
    assert entries == [
        {
            "target_id": str(conversation.pk),
            "changes": {"messages": 2, "notes": 0},
            "actor": org.counselor.user.pk,
        }
    ]
    assert "membentak" not in json.dumps(list(Entry.objects.values()), default=str)


@pytest.mark.django_db(databases=ALL)
def test_the_identity_an_employee_shared_is_shown_apart(org, team):
    conversation = make_conversation()
    add_employee_message(
        conversation=conversation, text="Rina, 0812-0000-1111", now=NOW, kind="identity"
    )
    response = counselor_client(org, team={1: team}).get(_url(conversation))
    assert [e.text for e in response.context["identity"]] == ["Rina, 0812-0000-1111"]
    assert [i["entry"].text for i in response.context["entries"]] == ["Saya lelah."]


@pytest.mark.django_db(databases=ALL)
def test_a_conversation_sealed_to_a_key_not_held_says_so(org, team):
    conversation = make_conversation()
    response = counselor_client(org, team={7: team}).get(_url(conversation))
    assert response.status_code == 403
    assert "Kunci tim untuk percakapan ini tidak tersedia." in response.content.decode()
    assert not Entry.objects.filter(action="read").exists()


@pytest.mark.django_db(databases=ALL)
def test_suggested_phrases_are_offered_but_never_sent(org, team):
    conversation = make_conversation()
    response = counselor_client(org, team={1: team}).get(_url(conversation))
    page = response.content.decode()
    phrases = suggested_phrases()
    assert len(phrases) >= 5
    assert all(p["text"] and p["label"] and "kamu" not in p["text"].lower() for p in phrases)
    assert 'type="button" class="secondary" data-phrase=' in page
    assert "rehat/counselor.js" in page
    assert Conversation.objects.get(pk=conversation.pk).message_count == 1


@pytest.mark.django_db(databases=ALL)
def test_a_late_reply_counts_as_a_missed_deadline(org, team):
    conversation = make_conversation(deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    counselor_client(org, team={1: team}).post(
        _url(conversation, "balas/"), {"text": "Maaf, kami terlambat."}
    )
    conversation.refresh_from_db()
    assert (conversation.missed_deadline, conversation.waiting, conversation.deadline) == (
        True,
        False,
        None,
    )


@pytest.mark.django_db(databases=ALL)
def test_an_empty_reply_is_not_sent(org, team):
    conversation = make_conversation()
    counselor_client(org, team={1: team}).post(_url(conversation, "balas/"), {"text": "  "})
    assert Conversation.objects.get(pk=conversation.pk).message_count == 1


@pytest.mark.django_db(databases=ALL)
def test_close_and_reopen(org, team):
    conversation = make_conversation()
    client = counselor_client(org, team={1: team})

    client.post(_url(conversation, "tutup/"))
    closed = Conversation.objects.get(pk=conversation.pk)
    refused = client.post(_url(conversation, "balas/"), {"text": "Halo"})
    client.post(_url(conversation, "buka/"))
    reopened = Conversation.objects.get(pk=conversation.pk)

    assert (closed.status, closed.waiting, closed.deadline) == ("closed", False, None)
    assert closed.closed_week.startswith("20")
    assert refused.status_code == 302
    assert closed.message_count == 1
    assert (reopened.status, reopened.waiting, reopened.closed_week) == ("open", True, "")
    assert reopened.deadline is not None
    statuses = list(
        Entry.objects.filter(action="update", target_id=str(conversation.pk))
        .order_by("id")
        .values_list("changes", flat=True)
    )
    assert statuses == [{"status": ["open", "closed"]}, {"status": ["closed", "open"]}]


@pytest.mark.django_db(databases=ALL)
def test_hand_over_to_a_colleague_is_audited_and_mailed_without_content(
    org, team, django_capture_on_commit_callbacks
):
    colleague = make_employee(unit=org.root)
    make_role(user=colleague.user, kind="counselor")
    conversation = make_conversation(texts=(SECRET,))
    client = counselor_client(org, team={1: team})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(conversation, "serahkan/"), {"counselor": colleague.user.pk})

    assert Assignment.objects.get(conversation=conversation.pk).counselor == colleague.user
    entry = Entry.objects.get(action="update", target_type="listening.assignment")
    assert entry.changes == {"counselor": [None, colleague.user.name]}
    (message,) = mail.outbox
    assert message.to == [colleague.user.email]
    assert f"/konselor/percakapan/{conversation.pk}/" in message.body
    assert "membentak" not in message.body


@pytest.mark.django_db(databases=ALL)
def test_hand_over_only_to_a_counselor(org, team):
    conversation = make_conversation()
    client = counselor_client(org, team={1: team})
    client.post(_url(conversation, "serahkan/"), {"counselor": org.hr.user.pk})
    client.post(_url(conversation, "serahkan/"), {"counselor": org.counselor.user.pk})
    assert not Assignment.objects.exists()


@pytest.mark.django_db(databases=ALL)
def test_private_notes_are_sealed_and_reading_them_is_audited(org, team):
    conversation = make_conversation()
    client = counselor_client(org, team={1: team})

    client.post(_url(conversation, "catatan/"), {"text": "Tawarkan sesi tatap muka minggu depan"})
    response = client.get(_url(conversation))

    assert [n.text for n in response.context["notes"]] == ["Tawarkan sesi tatap muka minggu depan"]
    note = Note.objects.get()
    assert (note.conversation, note.author, note.team_key_version) == (
        conversation.pk,
        org.counselor.user,
        1,
    )
    dump = io.StringIO()
    call_command("dumpdata", "listening", "audit", stdout=dump, format="json")
    assert "tatap muka" not in dump.getvalue()
    assert Entry.objects.get(action="read").changes == {"messages": 1, "notes": 1}


@pytest.mark.django_db(databases=ALL)
def test_closed_conversations_offer_reopen_instead_of_a_reply(org, team):
    conversation = make_conversation()
    close_conversation(conversation=conversation, today=datetime.date(2026, 11, 25))
    page = counselor_client(org, team={1: team}).get(_url(conversation)).content.decode()
    assert "Buka kembali" in page
    assert "Kirim balasan" not in page

"""Closed conversations are deleted after the retention period; the count is audited."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from rehat.audit.models import Entry
from rehat.conversations.domain.threads import close_conversation
from rehat.conversations.models import Conversation, Message
from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.domain.retention import delete_expired
from rehat.listening.models import Assignment, Note
from rehat.listening.tests.counselor_helpers import ALL, make_conversation

TODAY = datetime.date(2026, 11, 25)  # Wednesday of 2026-W48


def _closed_on(day: datetime.date, org) -> Conversation:
    conversation = make_conversation()
    close_conversation(conversation=conversation, today=day)
    Assignment.objects.create(conversation=conversation.pk, counselor=org.counselor.user)
    Note.objects.create(
        conversation=conversation.pk, author=org.counselor.user, team_key_version=1, sealed=b"x"
    )
    return conversation


@pytest.mark.django_db(databases=ALL)
@override_settings(REHAT_CONVERSATION_RETENTION_DAYS=90)
def test_conversations_closed_before_the_retention_period_are_deleted(org):
    make_team_key()
    old = _closed_on(TODAY - datetime.timedelta(days=100), org)
    # 90 days ago falls in the same ISO week as this one: kept, never deleted early.
    edge = _closed_on(TODAY - datetime.timedelta(days=91), org)
    recent = _closed_on(TODAY - datetime.timedelta(days=10), org)
    still_open = make_conversation()

    deleted = delete_expired(today=TODAY)

    assert deleted == 1
    remaining = {edge.pk, recent.pk, still_open.pk}
    assert set(Conversation.objects.values_list("pk", flat=True)) == remaining
    assert not Message.objects.filter(conversation_id=old.pk).exists()
    assert set(Assignment.objects.values_list("conversation", flat=True)) == {edge.pk, recent.pk}
    assert set(Note.objects.values_list("conversation", flat=True)) == {edge.pk, recent.pk}
    entry = Entry.objects.get(action="delete")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        None,
        "conversations.conversation",
        "",
    )
    assert entry.changes == {"conversations": 1, "notes": 1, "retention_days": 90}
    assert str(old.pk) not in entry.target_repr


@pytest.mark.django_db(databases=ALL)
def test_nothing_to_delete_writes_no_audit_entry(org):
    make_team_key()
    _closed_on(TODAY, org)
    assert delete_expired(today=TODAY) == 0
    assert not Entry.objects.filter(action="delete").exists()


@pytest.mark.django_db(databases=ALL)
def test_the_command_prunes_and_reports(org):
    make_team_key()
    _closed_on(datetime.date(2026, 1, 5), org)
    out = io.StringIO()
    call_command("prune_conversations", "--today", "2026-11-25", stdout=out)
    assert out.getvalue() == "1 percakapan yang ditutup lebih dari 90 hari lalu dihapus.\n"
    assert not Conversation.objects.exists()

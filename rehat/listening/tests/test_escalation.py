"""Missed reply deadlines: one mail per run to every lead counselor, counts only."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from rehat.conversations.models import Conversation
from rehat.conversations.tests.helpers import make_team_key
from rehat.listening.domain.escalation import escalate_overdue, escalation_recipients
from rehat.listening.tasks import escalate_deadlines_task, next_escalation_at, schedule_escalation
from rehat.listening.tests.counselor_helpers import ALL, NOW, make_conversation
from rehat.tests.factories import make_employee, make_role

HOUR = datetime.timedelta(hours=1)
SECRET = "Saya tidak sanggup lagi menghadapi atasan saya"


@pytest.fixture
def leads(org):
    make_team_key()
    second = make_employee(unit=org.root)
    for user in (org.counselor.user, second.user):
        make_role(user=user, kind="lead_counselor")
    return sorted([org.counselor.user.email, second.user.email])


@pytest.mark.django_db(databases=ALL)
def test_overdue_conversations_are_escalated_once_with_a_frozen_clock(
    leads, django_capture_on_commit_callbacks
):
    late = make_conversation(texts=(SECRET,), deadline=NOW - HOUR)
    also_late = make_conversation(deadline=NOW - 2 * HOUR, urgent=True)
    on_time = make_conversation(deadline=NOW + HOUR)
    answered = make_conversation(deadline=None, waiting=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = escalate_overdue(now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        again = escalate_overdue(now=NOW + datetime.timedelta(minutes=30))

    assert (first, again) == (2, 0)
    flags = dict(Conversation.objects.values_list("pk", "escalated"))
    assert flags == {late.pk: True, also_late.pk: True, on_time.pk: False, answered.pk: False}
    assert set(Conversation.objects.filter(missed_deadline=True).values_list("pk", flat=True)) == {
        late.pk,
        also_late.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == leads
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Ruang Dengar: 2 percakapan melewati batas waktu balasan"
    assert "2 percakapan Ruang Dengar baru saja melewati batas waktu balasan." in message.body
    assert "Saat ini ada 2 percakapan yang menunggu balasan" in message.body
    assert "/konselor/" in message.body
    assert SECRET not in message.body
    assert str(late.pk) not in message.body


@pytest.mark.django_db(databases=ALL)
def test_the_deadline_itself_is_not_yet_late(leads, django_capture_on_commit_callbacks):
    make_conversation(deadline=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(now=NOW) == 0
    assert mail.outbox == []


@pytest.mark.django_db(databases=ALL)
def test_nothing_is_sent_when_every_reply_is_on_time(leads, django_capture_on_commit_callbacks):
    make_conversation(deadline=NOW + HOUR)
    make_conversation(deadline=NOW - HOUR, waiting=False)
    closed = make_conversation(deadline=NOW - HOUR)
    Conversation.objects.filter(pk=closed.pk).update(status="closed")
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(now=NOW) == 0
    assert mail.outbox == []
    assert not Conversation.objects.filter(escalated=True).exists()


@pytest.mark.django_db(databases=ALL)
def test_a_new_message_after_escalation_can_escalate_again(
    leads, django_capture_on_commit_callbacks
):
    from rehat.conversations.domain.threads import add_employee_message

    conversation = make_conversation(deadline=NOW - HOUR, waiting=True)
    escalate_overdue(now=NOW)
    Conversation.objects.filter(pk=conversation.pk).update(waiting=False, deadline=None)
    add_employee_message(conversation=conversation, text="Halo lagi", now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(now=NOW + 8 * 24 * HOUR) == 1


@pytest.mark.django_db(databases=ALL)
def test_without_a_lead_every_counselor_is_told(org):
    assert escalation_recipients() == [org.counselor.user.email]


@pytest.mark.django_db(databases=ALL)
def test_the_task_runs_just_after_every_hour():
    at = datetime.datetime(2026, 11, 25, 3, 10, 42, tzinfo=datetime.UTC)
    assert next_escalation_at(now=at) == datetime.datetime(2026, 11, 25, 4, 1, tzinfo=datetime.UTC)


@pytest.mark.django_db(databases=ALL)
def test_the_task_escalates_and_the_immediate_backend_queues_no_chain(leads):
    make_conversation(deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    result = escalate_deadlines_task.enqueue()
    assert result.return_value == 1
    assert schedule_escalation(run_after=None) is False


@pytest.mark.django_db(databases=ALL)
def test_the_command_reports_the_count(leads):
    make_conversation(deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    out = io.StringIO()
    call_command("escalate_deadlines", stdout=out)
    assert out.getvalue().startswith("1 percakapan baru melewati batas waktu")


@pytest.mark.django_db(databases=ALL, transaction=True)
def test_the_worker_runs_the_task_and_it_queues_the_next_hour(leads):
    from django.test import override_settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    def queued() -> list[DBTaskResult]:
        return list(
            DBTaskResult.objects.filter(
                task_path=escalate_deadlines_task.module_path, status="READY"
            )
        )

    make_conversation(deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert schedule_escalation(run_after=None) is True
        assert schedule_escalation(run_after=None) is False
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        [following] = queued()
    assert following.run_after > timezone.now()
    assert (following.run_after.minute, following.run_after.second) == (1, 0)
    assert Conversation.objects.get().escalated is True
    assert sorted(m.to[0] for m in mail.outbox) == leads

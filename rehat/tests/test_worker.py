"""The database queue: a task enqueued by a request is run by `rehat worker`."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from rehat.accounts.tasks import send_email

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_queued_task_from_the_database():
    with override_settings(TASKS=DATABASE_QUEUE):
        result = send_email.enqueue(subject="Uji", body="Halo", to=["a@contoh.go.id"])
        assert mail.outbox == []
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Uji"]

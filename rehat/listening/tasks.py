"""Background work of Ruang Dengar's counselor side: escalate missed reply deadlines.

Deadlines fall on the hour, so `escalate_deadlines_task` runs just after every hour and
queues its own next run; a running worker (`rehat worker`) is all a server needs.
Operators who prefer cron run `rehat escalate_deadlines` hourly instead.
"""

import datetime
import logging

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from rehat.listening.domain.escalation import escalate_overdue

logger = logging.getLogger(__name__)

# Deadlines are rounded to the hour; a minute later leaves room for clock drift.
MINUTE_PAST = 1


def next_escalation_at(*, now: datetime.datetime) -> datetime.datetime:
    """The next run: MINUTE_PAST minutes after the next full hour."""
    hour = now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    return hour + datetime.timedelta(minutes=MINUTE_PAST)


@task()
def escalate_deadlines_task() -> int:
    try:
        return escalate_overdue(now=timezone.now())
    finally:
        # Queue the next run even when this one failed, or the chain would stop for good.
        schedule_escalation(run_after=next_escalation_at(now=timezone.now()))


def schedule_escalation(*, run_after: datetime.datetime | None) -> bool:
    """Queue one escalation run unless one is already waiting. False when nothing was
    queued (already waiting, or no database queue: the immediate backend would run the
    chain on the spot forever, so such setups use cron)."""
    if not isinstance(escalate_deadlines_task.get_backend(), DatabaseBackend):
        return False
    with transaction.atomic(using=DBTaskResult.objects.db):
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=escalate_deadlines_task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        escalate_deadlines_task.using(run_after=run_after).enqueue()
    logger.info("next deadline escalation queued for %s", run_after or "now")
    return True

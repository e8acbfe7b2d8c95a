"""Recurring background jobs on the database task queue, without a scheduler.

A recurring task runs its job and then queues its own next run. `schedule_once` queues
a run unless one is already waiting, so starting `rehat serve` twice, or a job that
queues itself while an operator also scheduled it, never doubles the chain.
"""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


def uses_database_queue(task: Task[Any, Any]) -> bool:
    """Only a database queue can hold a future run. The immediate backend (tests,
    REHAT_TASKS_IMMEDIATE) would run the task on the spot and each run would queue the
    next forever, so such setups use cron or a timer instead."""
    return isinstance(task.get_backend(), DatabaseBackend)


def schedule_once(task: Task[Any, Any], *, run_after: datetime.datetime | None) -> bool:
    """Queue one run of `task` unless one is already waiting; False when nothing was queued."""
    if not uses_database_queue(task):
        return False
    with transaction.atomic(using=DBTaskResult.objects.db):
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        task.using(run_after=run_after).enqueue()
    logger.info("%s queued for %s", task.name, run_after or "now")
    return True


def queued_at(task: Task[Any, Any]) -> datetime.datetime | None:
    """When the waiting run of `task` is due (None when none waits or no queue is used)."""
    if not uses_database_queue(task):
        return None
    row = (
        DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )
    if row is None:
        return None
    # A run queued without run_after waits with the queue's "any time" date: due now.
    return timezone.now() if row.run_after == get_date_max() else row.run_after

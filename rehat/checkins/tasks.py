"""Background work of check-ins: keep periods opening and closing on schedule.

`sync_periods_task` runs the sync and queues its own next run for shortly after the next
local midnight, so a running worker (`rehat worker`) is all a server needs. Operators who
prefer cron or a systemd timer run `rehat periods --sync` instead (docs/operations.md).
"""

import datetime
import logging

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from rehat.checkins.domain.periods import sync_periods

logger = logging.getLogger(__name__)

# Periods change at midnight; a few minutes later leaves room for clock drift.
SYNC_TIME = datetime.time(0, 5)


def next_sync_at(*, now: datetime.datetime) -> datetime.datetime:
    """The next run: SYNC_TIME on the local day after `now`."""
    local = timezone.localtime(now)
    return datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), SYNC_TIME, tzinfo=local.tzinfo
    )


@task()
def sync_periods_task() -> dict[str, list[str]]:
    try:
        return sync_periods(today=timezone.localdate())
    finally:
        # Queue the next run even when this one failed, or the chain would stop for good.
        schedule_sync_periods(run_after=next_sync_at(now=timezone.now()))


def schedule_sync_periods(*, run_after: datetime.datetime | None) -> bool:
    """Queue one sync run unless one is already waiting. False when nothing was queued.

    Only a database queue can hold a future run. The immediate backend (tests,
    REHAT_TASKS_IMMEDIATE) would run the task on the spot, and each run would queue the
    next, so there nothing is queued: such setups sync with cron or a timer.
    """
    if not isinstance(sync_periods_task.get_backend(), DatabaseBackend):
        return False
    with transaction.atomic(using=DBTaskResult.objects.db):
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=sync_periods_task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        sync_periods_task.using(run_after=run_after).enqueue()
    logger.info("next period sync queued for %s", run_after or "now")
    return True


def queued_sync_at() -> datetime.datetime | None:
    """When the waiting sync run is due (None when none waits or no queue is used)."""
    if not isinstance(sync_periods_task.get_backend(), DatabaseBackend):
        return None
    row = (
        DBTaskResult.objects.filter(
            task_path=sync_periods_task.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )
    if row is None:
        return None
    # A run queued without run_after waits with the queue's "any time" date: due now.
    return timezone.now() if row.run_after == get_date_max() else row.run_after

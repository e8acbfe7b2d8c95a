"""Background work of check-ins: keep periods opening and closing on schedule.

`sync_periods_task` runs the sync and queues its own next run for shortly after the next
local midnight, so a running worker (`rehat worker`) is all a server needs. Operators who
prefer cron or a systemd timer run `rehat periods --sync` instead (docs/operations.md).
"""

import datetime

from django.tasks import task
from django.utils import timezone

from rehat.checkins.domain.periods import sync_periods
from rehat.lib.recurring import queued_at, schedule_once

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
    """Queue one sync run unless one is already waiting. False when nothing was queued."""
    return schedule_once(sync_periods_task, run_after=run_after)


def queued_sync_at() -> datetime.datetime | None:
    """When the waiting sync run is due (None when none waits or no queue is used)."""
    return queued_at(sync_periods_task)

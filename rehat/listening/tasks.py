"""Background work of Ruang Dengar's counselor side: escalate missed reply deadlines.

Deadlines fall on the hour, so `escalate_deadlines_task` runs just after every hour and
queues its own next run; a running worker (`rehat worker`) is all a server needs.
Operators who prefer cron run `rehat escalate_deadlines` hourly instead.
"""

import datetime

from django.tasks import task
from django.utils import timezone

from rehat.lib.recurring import schedule_once
from rehat.listening.domain.escalation import escalate_overdue

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
    """Queue one escalation run unless one is already waiting (rehat.lib.recurring)."""
    return schedule_once(escalate_deadlines_task, run_after=run_after)

"""Background work of insights: releases after periods close, reports, alerts.

`release_pending_task` releases every closed, unreleased period and queues its own next
run for shortly after the nightly period sync (rehat/checkins/tasks.py), so a running
worker keeps releases current. Operators with cron run `rehat release --pending`.
"""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from rehat.insights.domain.releasing import release_pending

logger = logging.getLogger(__name__)

# The period sync runs at 00:05; releasing at 00:35 finds the periods it closed.
RELEASE_TIME = datetime.time(0, 35)


def next_release_at(*, now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), RELEASE_TIME, tzinfo=local.tzinfo
    )


@task()
def release_pending_task() -> dict[str, Any]:
    try:
        result: dict[str, Any] = release_pending()
        from_alerts = _check_alerts()
        result["alerts"] = from_alerts
        return result
    finally:
        schedule_release_pending(run_after=next_release_at(now=timezone.now()))


def _check_alerts() -> int:
    from rehat.insights.domain.alerts import raise_alerts  # noqa: PLC0415 (domain imports tasks)

    return len(raise_alerts())


def schedule_release_pending(*, run_after: datetime.datetime | None) -> bool:
    """Queue one release run unless one waits already (only a database queue can wait)."""
    if not isinstance(release_pending_task.get_backend(), DatabaseBackend):
        return False
    with transaction.atomic(using=DBTaskResult.objects.db):
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=release_pending_task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return False
        release_pending_task.using(run_after=run_after).enqueue()
    logger.info("next release run queued for %s", run_after or "now")
    return True


@task()
def generate_report_task(*, report_id: int) -> None:
    from rehat.insights.domain.reports import generate_report  # noqa: PLC0415 (reportlab is heavy)
    from rehat.insights.models import Report  # noqa: PLC0415

    report = Report.objects.filter(pk=report_id).first()
    if report is not None:
        generate_report(report=report)

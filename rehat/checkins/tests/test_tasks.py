"""The nightly sync task: runs the sync, then queues its own next run exactly once."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rehat.checkins import tasks
from rehat.checkins.domain.periods import pulse_period_for, screening_period_for
from rehat.checkins.models import Period
from rehat.checkins.tasks import next_sync_at, schedule_sync_periods, sync_periods_task

ALL = ["default", "anonymous"]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _current_codes() -> list[str]:
    today = timezone.localdate()
    return [pulse_period_for(today)[0], screening_period_for(today)[0]]


def _queued() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=sync_periods_task.module_path, status="READY")
    )


@pytest.fixture
def one_bucket(org):
    with override_settings(REHAT_MIN_BUCKET=5):
        yield org


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime.datetime(2026, 11, 29, 10, 0, tzinfo=JAKARTA), "2026-11-30 00:05"),
        (datetime.datetime(2026, 11, 29, 23, 59, tzinfo=JAKARTA), "2026-11-30 00:05"),
        (datetime.datetime(2026, 12, 31, 20, 0, tzinfo=JAKARTA), "2027-01-01 00:05"),
        # 17:30 UTC is already the next day in Jakarta (UTC+7).
        (datetime.datetime(2026, 11, 29, 17, 30, tzinfo=datetime.UTC), "2026-12-01 00:05"),
    ],
)
def test_next_sync_is_just_after_the_next_local_midnight(now, expected):
    assert f"{timezone.localtime(next_sync_at(now=now)):%Y-%m-%d %H:%M}" == expected


@pytest.mark.django_db(databases=ALL)
def test_task_runs_the_sync_inline_without_a_queue(one_bucket):
    result = sync_periods_task.enqueue()

    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"closed": [], "opened": _current_codes()}
    assert sorted(Period.objects.values_list("code", flat=True)) == sorted(_current_codes())
    # The immediate backend cannot hold a future run, so nothing is queued (no recursion).
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(databases=ALL)
def test_schedule_without_a_queue_points_to_cron(one_bucket):
    out = io.StringIO()

    call_command("periods", "--schedule", stdout=out)

    assert "cron" in out.getvalue()
    assert schedule_sync_periods(run_after=None) is False
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(databases=ALL, transaction=True)
def test_worker_runs_the_task_and_it_queues_the_next_night(one_bucket):
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("periods", "--schedule", stdout=io.StringIO())
        call_command("periods", "--schedule", stdout=io.StringIO())
        assert len(_queued()) == 1
        first = _queued()[0]

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

        first.refresh_from_db()
        assert first.status == "SUCCESSFUL"
        assert first.return_value == {"closed": [], "opened": _current_codes()}
        [following] = _queued()
        assert following.run_after == next_sync_at(now=timezone.now())
    assert sorted(Period.objects.values_list("status", flat=True)) == ["open", "open"]


@pytest.mark.django_db(databases=ALL, transaction=True)
def test_sync_now_and_schedule_queues_only_the_next_night(one_bucket):
    out = io.StringIO()
    with override_settings(TASKS=DATABASE_QUEUE):
        call_command("periods", "--sync", "--schedule", stdout=out)
        call_command("periods", "--sync", "--schedule", stdout=out)

        [queued] = _queued()
        assert queued.run_after == next_sync_at(now=timezone.now())
        assert (
            out.getvalue()
            .splitlines()[-1]
            .startswith("Sinkronisasi periode sudah ada di antrean tugas")
        )
    assert sorted(Period.objects.values_list("code", flat=True)) == sorted(_current_codes())


@pytest.mark.django_db(databases=ALL, transaction=True)
def test_a_failed_sync_still_queues_the_next_run(one_bucket, monkeypatch):
    def broken(*, today: datetime.date) -> dict[str, list[str]]:
        raise RuntimeError("database went away")

    monkeypatch.setattr(tasks, "sync_periods", broken)
    with override_settings(TASKS=DATABASE_QUEUE):
        with pytest.raises(RuntimeError):
            sync_periods_task.call()

        [queued] = _queued()
        assert queued.run_after == next_sync_at(now=timezone.now())

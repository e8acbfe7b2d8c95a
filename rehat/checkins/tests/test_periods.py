"""Periods on schedule: `sync_periods` on week, month and year boundaries, and `rehat periods`."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from rehat.checkins.domain.periods import close_period, open_period, sync_periods
from rehat.checkins.models import Period, TokenKey
from rehat.responses.models import PublishedKey

ALL = ["default", "anonymous"]


def _status() -> dict[str, str]:
    return dict(Period.objects.values_list("code", "status"))


def _sync(day: str) -> dict[str, list[str]]:
    return sync_periods(today=datetime.date.fromisoformat(day))


@pytest.fixture
def one_bucket(org):
    """The persona agency's five people make one token bucket: one key per period and purpose."""
    with override_settings(REHAT_MIN_BUCKET=5):
        yield org


@pytest.mark.django_db(databases=ALL)
def test_sync_on_sunday_keeps_the_week_open(one_bucket):
    _sync("2026-11-23")

    result = _sync("2026-11-29")

    assert result == {"closed": [], "opened": ["pulse-2026-W48", "screening-2026-11"]}
    assert _status() == {"pulse-2026-W48": "open", "screening-2026-11": "open"}


@pytest.mark.django_db(databases=ALL)
def test_sync_on_monday_closes_last_week_and_opens_this_one(one_bucket):
    _sync("2026-11-29")

    result = _sync("2026-11-30")

    assert result == {
        "closed": ["pulse-2026-W48"],
        "opened": ["pulse-2026-W49", "screening-2026-11"],
    }
    assert _status() == {
        "pulse-2026-W48": "closed",
        "pulse-2026-W49": "open",
        "screening-2026-11": "open",
    }
    assert Period.objects.get(code="pulse-2026-W49").starts == datetime.date(2026, 11, 30)
    assert list(PublishedKey.objects.filter(period="pulse-2026-W48").values_list("is_open")) == [
        (False,)
    ]


@pytest.mark.django_db(databases=ALL)
def test_sync_on_the_first_of_the_month_closes_last_month(one_bucket):
    _sync("2026-11-30")

    result = _sync("2026-12-01")

    assert result == {
        "closed": ["screening-2026-11"],
        "opened": ["pulse-2026-W49", "screening-2026-12"],
    }
    screening = Period.objects.get(code="screening-2026-12")
    assert (screening.starts, screening.ends) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 31),
    )


@pytest.mark.django_db(databases=ALL)
def test_iso_week_53_spans_the_new_year(one_bucket):
    _sync("2026-12-31")
    assert _status() == {"pulse-2026-W53": "open", "screening-2026-12": "open"}
    week = Period.objects.get(code="pulse-2026-W53")
    assert (week.starts, week.ends) == (datetime.date(2026, 12, 28), datetime.date(2027, 1, 3))

    new_year = _sync("2027-01-01")
    monday = _sync("2027-01-04")

    assert new_year == {
        "closed": ["screening-2026-12"],
        "opened": ["pulse-2026-W53", "screening-2027-01"],
    }
    assert monday == {
        "closed": ["pulse-2026-W53"],
        "opened": ["pulse-2027-W01", "screening-2027-01"],
    }


@pytest.mark.django_db(databases=ALL)
def test_sync_catches_up_after_days_without_a_run(one_bucket):
    _sync("2026-11-25")

    result = _sync("2026-12-09")

    assert sorted(result["closed"]) == ["pulse-2026-W48", "screening-2026-11"]
    assert result["opened"] == ["pulse-2026-W50", "screening-2026-12"]


@pytest.mark.django_db(databases=ALL)
def test_sync_twice_makes_no_new_keys(one_bucket):
    _sync("2026-11-25")
    keys = sorted(TokenKey.objects.values_list("pk", flat=True))

    _sync("2026-11-25")

    assert sorted(TokenKey.objects.values_list("pk", flat=True)) == keys
    assert len(keys) == 3  # the week's check-in key; the month's check-in and voice keys


@pytest.mark.django_db(databases=ALL)
def test_a_closed_period_never_reopens(one_bucket):
    _sync("2026-11-25")
    week = Period.objects.get(code="pulse-2026-W48")
    close_period(period=week)

    result = _sync("2026-11-26")

    assert result["opened"] == ["screening-2026-11"]
    assert _status()["pulse-2026-W48"] == "closed"
    assert list(PublishedKey.objects.filter(period=week.code).values_list("is_open")) == [(False,)]
    with pytest.raises(ValueError):
        open_period(period=week)


@pytest.mark.django_db(databases=ALL)
def test_command_sync_prints_what_changed(one_bucket):
    _sync("2026-11-29")
    out = io.StringIO()

    call_command("periods", "--sync", "--today", "2026-11-30", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Sinkronisasi periode untuk 2026-11-30 selesai")
    assert lines[1:] == ["  Ditutup: pulse-2026-W48", "  Dibuka: pulse-2026-W49, screening-2026-11"]


@pytest.mark.django_db(databases=ALL)
def test_command_shows_the_state(one_bucket):
    _sync("2026-11-25")
    out = io.StringIO()

    call_command("periods", "--today", "2026-11-25", stdout=out)

    assert out.getvalue().splitlines() == [
        "Periode cek kabar (hari ini 2026-11-25):",
        "  pulse-2026-W48       cek kabar mingguan   2026-11-23 s.d. 2026-11-29  dibuka, 1 kunci",
        "  screening-2026-11    skrining berkala     2026-11-01 s.d. 2026-11-30  dibuka, 2 kunci",
    ]


@pytest.mark.django_db(databases=ALL)
def test_command_warns_when_the_schedule_is_behind(one_bucket):
    _sync("2026-11-25")
    out = io.StringIO()

    call_command("periods", "--today", "2026-12-02", stdout=out)

    assert out.getvalue().splitlines()[-1] == (
        "Jadwal tertinggal: belum ditutup pulse-2026-W48, screening-2026-11; belum dibuka "
        "pulse-2026-W49, screening-2026-12. Jalankan “rehat periods --sync”."
    )


@pytest.mark.django_db(databases=ALL)
def test_command_refuses_a_bad_date(one_bucket):
    with pytest.raises(CommandError, match="bukan tanggal"):
        call_command("periods", "--sync", "--today", "2026-02-30")
    assert Period.objects.count() == 0

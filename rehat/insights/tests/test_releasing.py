import datetime

import pytest
from django.core.management import call_command

from rehat.checkins.models import Period
from rehat.insights.domain.releasing import build_tree, pending_periods, release_pending
from rehat.releases.models import Release
from rehat.releases.tests.factories import add_pulse

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])


def period(code: str, status: str, kind: str = "pulse") -> Period:
    day = datetime.date(2026, 3, 2)
    return Period.objects.create(code=code, kind=kind, starts=day, ends=day, status=status)


def test_release_pending_releases_closed_periods_only(org):
    closed = period("pulse-2026-W10", Period.Status.CLOSED)
    period("pulse-2026-W11", Period.Status.OPEN)
    add_pulse(period=closed.code, bucket="INSTANSI", n=30)

    result = release_pending()

    assert result == {"released": ["pulse-2026-W10"], "refused": []}
    assert list(Release.objects.values_list("period", flat=True)) == ["pulse-2026-W10"]
    assert pending_periods() == []


def test_release_pending_reports_a_refusal_and_goes_on(org, settings):
    settings.REHAT_EPSILON_PER_YEAR = 1.5
    for week in (10, 11, 12):
        period(f"pulse-2026-W{week}", Period.Status.CLOSED)

    result = release_pending()

    assert result == {
        "released": ["pulse-2026-W10"],
        "refused": ["pulse-2026-W11", "pulse-2026-W12"],
    }


def test_build_tree_uses_the_unit_tree_and_plan(org):
    tree = build_tree(period=period("pulse-2026-W10", Period.Status.CLOSED))

    assert tree.parent == {"SETDA": "", "ALFA": "SETDA", "ALFA1": "ALFA", "BETA": "SETDA"}
    assert tree.bucket_root == {"INSTANSI": ""}


def test_release_command_with_pending(org, capsys):
    period("pulse-2026-W10", Period.Status.CLOSED)

    call_command("release", "--pending")

    assert capsys.readouterr().out == "released pulse-2026-W10\n"

"""Released wellbeing beside EJ: only released, shown rows; the scatter places them."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from rehat.releases.models import Release, ReleasedStat
from rehat.tests.personas import client_for
from rehat.workload.domain.wellbeing import place_points
from rehat.workload.tests.factories import make_duty, make_position
from rehat.worktime.tests.factories import make_chat_report

BOTH = ["default", "anonymous"]


def _release(period, rows):
    release = Release.objects.create(
        period=period, kind="pulse", year=2026, epsilon=1.0, min_group=10, buckets=1
    )
    for unit, suppressed, who5, burnout in rows:
        stats = {}
        if not suppressed:
            stats = {
                "who5_mean": {"value": who5, "low": who5 - 5, "high": who5 + 5},
                "burnout_share": {"value": burnout, "low": 0.0, "high": 1.0},
            }
        ReleasedStat.objects.create(
            release=release,
            period=period,
            scope="subtree",
            unit=unit,
            suppressed=suppressed,
            n=None if suppressed else 40,
            stats=stats,
        )


@pytest.mark.django_db(databases=BOTH)
def test_overview_shows_released_figures_and_hides_suppressed_units(org):
    make_duty(position=make_position(unit=org.alfa, incumbents=1))  # EJ 0.38
    make_duty(position=make_position(unit=org.beta, incumbents=1))
    _release("pulse-2026-W01", [("ALFA", False, 40.0, 0.9)])
    _release("pulse-2026-W02", [("ALFA", False, 55.0, 0.25), ("BETA", True, 0, 0)])
    response = client_for(org, "hr").get("/beban-kerja/")
    figures = {r.unit.code: r.figures for r in response.context["rows"]}
    assert response.context["period"] == "pulse-2026-W02"
    assert (figures["ALFA"].wellbeing, figures["ALFA"].burnout) == (55.0, 0.25)
    assert (figures["BETA"].wellbeing, figures["BETA"].burnout) == (None, None)
    assert [p.label for p in response.context["points"]] == ["Dinas Alfa"]
    assert "<svg" in response.content.decode()


@pytest.mark.django_db(databases=BOTH)
def test_overview_without_releases_says_the_figures_wait(org):
    response = client_for(org, "hr").get("/beban-kerja/")
    assert response.context["period"] is None
    assert "<svg" not in response.content.decode()


def test_place_points_skips_units_without_both_figures_and_clamps_ej():
    points = place_points(
        items=[
            ("A", D("1.00"), 0.5),
            ("B", None, 0.3),
            ("C", D("0.80"), None),
            ("D", D("3.1"), 1.0),
        ]
    )
    assert [(p.label, p.x, p.y) for p in points] == [("A", 240.0, 160.0), ("D", 432.0, 48.0)]


def _chats(unit, uploader, authors):
    """`authors` people: each 2 messages at 10.00 and 1 at 22.00 (after hours, late night)."""
    day = timezone.localdate() - datetime.timedelta(days=3)
    rows = [(n, day, 10, 2, 0) for n in range(authors)]
    rows += [(n, day, 22, 1, 1) for n in range(authors)]
    return make_chat_report(uploader=uploader, unit=unit, rows=rows)


@pytest.mark.django_db(databases=BOTH)
def test_overview_shows_after_hours_only_for_units_above_the_group_threshold(org, settings):
    settings.REHAT_MIN_GROUP = 10
    make_duty(position=make_position(unit=org.alfa_satu, incumbents=1))
    _chats(org.alfa_satu, org.hr.user, 10)  # 30 messages, 10 after hours, 10 late
    _chats(org.beta, org.hr.user, 9)  # one author short of the threshold
    response = client_for(org, "hr").get("/beban-kerja/")
    after = {r.unit.code: r.after_hours for r in response.context["rows"]}
    # Alfa Satu's figures also count for its ancestors (subtree).
    assert {code for code, a in after.items() if a is not None} == {"SETDA", "ALFA", "ALFA1"}
    assert (after["ALFA1"].after_hours_share, after["ALFA1"].late_night_messages) == (0.3333, 10)
    assert after["BETA"] is None
    body = response.content.decode()
    assert "<td>33%</td>\n<td>10</td>" in body
    assert body.count("belum cukup data") == 1 + 1  # Dinas Beta, and the explanation below


@pytest.mark.django_db(databases=BOTH)
def test_overview_without_uploads_never_shows_an_after_hours_number(org):
    response = client_for(org, "leader").get("/beban-kerja/")
    assert [r.after_hours for r in response.context["rows"]] == [None, None]
    assert response.content.decode().count('<td colspan="2" class="muted">belum cukup data') == 2


@pytest.mark.django_db(databases=BOTH)
def test_unit_detail_shows_the_subtree_after_hours(org, settings):
    settings.REHAT_MIN_GROUP = 10
    _chats(org.alfa_satu, org.leader.user, 12)
    response = client_for(org, "leader").get("/beban-kerja/unit/ALFA/")
    assert response.context["row"].after_hours.messages == 36
    assert response.context["children"][0].after_hours.late_night_messages == 12

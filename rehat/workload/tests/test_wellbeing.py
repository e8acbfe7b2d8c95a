"""Released wellbeing beside EJ: only released, shown rows; the scatter places them."""

from decimal import Decimal as D

import pytest

from rehat.releases.models import Release, ReleasedStat
from rehat.tests.personas import client_for
from rehat.workload.domain.wellbeing import place_points
from rehat.workload.tests.factories import make_duty, make_position

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

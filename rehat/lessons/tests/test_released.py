"""The adapter: nudges fire on released rows and never on unreleased data."""

import pytest
from django.db import connections
from django.template.loader import render_to_string

from rehat.lessons.domain.nudges import HIGH_BURNOUT, LOW_WELLBEING, SAYA_LELAH
from rehat.lessons.domain.released import nudges_for_leader
from rehat.lessons.views import leader_nudges
from rehat.releases.models import Release, ReleasedStat
from rehat.releases.tests.factories import add_pulse

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])


def release(period, kind="pulse"):
    return Release.objects.create(
        period=period, kind=kind, year=2026, epsilon=1.0, min_group=10, buckets=1
    )


def stat(rel, unit, *, suppressed=False, **values):
    return ReleasedStat.objects.create(
        release=rel,
        period=rel.period,
        scope="subtree",
        unit=unit,
        suppressed=suppressed,
        n=None if suppressed else 30,
        stats={}
        if suppressed
        else {k: {"value": v, "low": v, "high": v} for k, v in values.items()},
    )


def test_a_low_released_unit_nudges_its_leader_only(org):
    stat(release("pulse-2026-W10"), "ALFA1", who5_mean=38.0, burnout_share=0.1)

    mine = nudges_for_leader(user=org.leader.user)
    theirs = nudges_for_leader(user=org.other_leader.user)

    assert [(n.kind, n.lesson.slug, n.units) for n in mine] == [
        (LOW_WELLBEING, "mendengar-tanpa-menghakimi", ("Bidang Alfa Satu",))
    ]
    assert theirs == []


def test_only_the_latest_release_counts(org):
    stat(release("pulse-2026-W10"), "ALFA", burnout_share=0.6)
    stat(release("pulse-2026-W11"), "ALFA", burnout_share=0.1)

    assert nudges_for_leader(user=org.leader.user) == []


def test_burnout_and_saya_lelah_come_from_pulse_and_screening_releases(org):
    stat(release("pulse-2026-W10"), "ALFA", who5_mean=70.0, burnout_share=0.4)
    stat(release("screening-2026-03", kind="screening"), "ALFA", voices=8)

    kinds = [n.kind for n in nudges_for_leader(user=org.leader.user)]

    assert kinds == [HIGH_BURNOUT, SAYA_LELAH]


def test_a_suppressed_row_never_nudges(org):
    stat(release("pulse-2026-W10"), "ALFA", suppressed=True)

    assert nudges_for_leader(user=org.leader.user) == []


def test_unreleased_answers_never_nudge(org):
    # The worst possible answers, accepted but not released: no release row exists.
    add_pulse(period="pulse-2026-W12", bucket="INSTANSI", n=40, who5=0, burnout=5)

    assert nudges_for_leader(user=org.leader.user) == []


def test_answers_of_a_newer_unreleased_period_do_not_count(org):
    stat(release("pulse-2026-W10"), "ALFA", who5_mean=72.0)
    add_pulse(period="pulse-2026-W11", bucket="INSTANSI", n=40, who5=0, burnout=5)

    assert nudges_for_leader(user=org.leader.user) == []


@pytest.mark.parametrize("persona", ["employee", "counselor", "hr"])
def test_people_who_lead_nothing_get_no_nudges(org, persona):
    stat(release("pulse-2026-W10"), "ALFA", who5_mean=20.0)

    assert nudges_for_leader(user=getattr(org, persona).user) == []


@pytest.mark.parametrize("codes", [("ALFA",), ("ALFA", "ALFA1")])
def test_nudges_take_a_fixed_number_of_queries(org, codes, django_assert_num_queries):
    rel = release("pulse-2026-W10")
    for code in codes:
        stat(rel, code, who5_mean=30.0)

    with (
        # leader roles, led units, completed lessons, and the five of unit_after_hours
        django_assert_num_queries(8),
        django_assert_num_queries(3, connection=connections["anonymous"]),
    ):
        nudges = nudges_for_leader(user=org.leader.user)

    assert nudges[0].units == tuple(
        {"ALFA": "Dinas Alfa", "ALFA1": "Bidang Alfa Satu"}[c] for c in codes
    )


def test_the_include_names_units_and_lessons_never_people(org, rf):
    stat(release("pulse-2026-W10"), "ALFA", who5_mean=30.0)
    request = rf.get("/")
    request.user = org.leader.user

    html = render_to_string(
        "lessons/includes/leader_nudges.html", leader_nudges(org.leader.user), request=request
    )

    assert "Dinas Alfa" in html
    assert "/belajar/mendengar-tanpa-menghakimi/" in html
    assert "Langkah untuk rencana aksi:" in html
    assert org.employee.user.name not in html
    assert org.leader.user.name not in html


def test_the_include_says_so_when_there_is_nothing(org, rf):
    request = rf.get("/")
    request.user = org.leader.user

    html = render_to_string(
        "lessons/includes/leader_nudges.html", leader_nudges(org.leader.user), request=request
    )

    assert "Tidak ada saran khusus dari data yang dirilis saat ini." in html
    assert "/belajar/panduan-percakapan/" in html

"""Every insights page makes the same number of queries for a small and a larger agency.

Sizes 1 and 3 of everything a page lists: sub-units (under Alfa and under the
Secretariat), released pulse periods, screening and climate releases, plans with helpful
marks, alerts, reports and shared chat uploads (the worktime panel). Counts are per database, so a query that moves to the other
side fails too.
"""

import datetime

import pytest
from django.utils import timezone

from rehat.insights.models import ActionPlan, Alert, PlanHelpful, Report
from rehat.organizations.models import Unit
from rehat.releases.tests.factories import make_release
from rehat.tests.factories import make_unit
from rehat.tests.personas import Org, client_for
from rehat.worktime.tests.factories import make_chat_report

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

HTMX = {"HX-Request": "true"}


def grow(org: Org, *, start: int, stop: int) -> None:
    """Add items start..stop-1 of every list the pages show."""
    for i in range(start, stop):
        make_unit(code=f"ALFA-{i}", name=f"Seksi Alfa {i}", parent=org.alfa)
        make_unit(code=f"SETDA-{i}", name=f"Bagian {i}", parent=org.root)
    extra = {
        u.code: (u.parent.code, 30)
        for u in Unit.objects.filter(code__contains="-").select_related("parent")
    }
    units = {
        "": ("", 200),
        "SETDA": ("", 150),
        "ALFA": ("SETDA", 60),
        "ALFA1": ("ALFA", 24),
        "BETA": ("SETDA", None),
        **extra,
    }
    for i in range(start, stop):
        make_release(period=f"pulse-2026-W{10 + i:02d}", units=units)
        make_release(period=f"screening-2026-{1 + i:02d}", kind="screening", units=units)
        make_release(period=f"climate-2026-{1 + i:02d}", kind="climate", units=units)
        for unit in (org.alfa, org.alfa_satu):
            plan = ActionPlan.objects.create(
                unit=unit,
                author=org.leader.user,
                heard="Lelah",
                will_do="Rapat pagi",
                due=f"2026-05-{1 + i:02d}",
            )
            PlanHelpful.objects.create(plan=plan, user=org.employee.user)
        Alert.objects.create(
            unit=org.alfa,
            metric=Alert.Metric.LOW_WELLBEING,
            periods=[f"pulse-2026-W{10 + i:02d}"],
            last_period=f"pulse-2026-W{10 + i:02d}",
            values=[40.0],
        )
        make_chat_report(  # 10 authors: enough for the worktime panel
            uploader=org.leader.user,
            unit=org.alfa_satu,
            rows=[(n, timezone.localdate(), 20, 1, 1) for n in range(10)],
        )
        for person, unit in ((org.leader.user, org.alfa), (org.hr.user, None)):
            Report.objects.create(
                unit=unit,
                requested_by=person,
                status=Report.Status.DONE,
                progress=100,
                pdf=b"%PDF-1.4 " + b"x" * 1000,
                finished=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
            )


# persona, url, headers, (identity queries, anonymous queries), what grows (see size_of)
PAGES = [
    ("leader", "/wawasan/unit/ALFA/", {}, (15, 6), "plans"),
    ("leader", "/wawasan/unit/ALFA/", {}, (15, 6), "page.worktime.figures.reports"),
    ("hr", "/wawasan/unit/SETDA/", {}, (13, 6), "page.children"),
    ("hr", "/wawasan/sdm/", {}, (8, 2), "periods"),
    ("hr", "/wawasan/sdm/?unit=SETDA&periods=52", {}, (10, 2), "rows"),
    ("hr", "/wawasan/sdm/?unit=SETDA&metric=burnout_share", HTMX, (8, 2), "rows"),
    ("employee", "/wawasan/kami-mendengar/", {}, (6, 0), "plans"),
    ("employee", "/wawasan/kami-mendengar/", HTMX, (6, 0), "plans"),
    ("leader", "/wawasan/rilis.csv", {}, (6, 1), None),
    ("hr", "/wawasan/rilis.csv", {}, (4, 1), None),
    ("leader", "/wawasan/rilis.csv?unit=ALFA", {}, (8, 1), None),
    ("leader", "/wawasan/laporan/", {}, (5, 0), "reports"),
    ("hr", "/wawasan/laporan/", {}, (5, 0), "reports"),
]


def size_of(response, key):
    """How much the page listed: a context value (a dotted path; a number or a list) or, for
    a download, its lines."""
    if key is None:
        return len(response.content.splitlines())
    name, *attributes = key.split(".")
    value = response.context[name]
    for attribute in attributes:
        value = getattr(value, attribute)
    return value if isinstance(value, int) else len(list(value))


@pytest.mark.parametrize(
    ("persona", "url", "headers", "queries", "grows"),
    PAGES,
    ids=[f"{p}-{u}{'-htmx' if h else ''}-{g}" for p, u, h, _q, g in PAGES],
)
def test_page_makes_the_same_queries_at_two_sizes(
    org, settings, django_assert_num_queries, persona, url, headers, queries, grows
):
    settings.REHAT_MIN_GROUP = 10
    client = client_for(org, persona)
    grow(org, start=0, stop=1)
    assert client.get(url, headers=headers).status_code == 200  # warm per-process caches
    identity, anonymous = queries

    with (
        django_assert_num_queries(identity, using="default"),
        django_assert_num_queries(anonymous, using="anonymous"),
    ):
        small = client.get(url, headers=headers)
    grow(org, start=1, stop=3)
    with (
        django_assert_num_queries(identity, using="default"),
        django_assert_num_queries(anonymous, using="anonymous"),
    ):
        large = client.get(url, headers=headers)

    assert (small.status_code, large.status_code) == (200, 200)
    assert size_of(large, grows) > size_of(small, grows)

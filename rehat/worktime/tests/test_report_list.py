"""The report list: grouped per unit, with a 90-day summary line per unit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rehat.tests.factories import make_unit
from rehat.tests.personas import client_for
from rehat.worktime.models import Report
from rehat.worktime.tests.factories import make_chat_report

# Recent weekdays-or-not does not matter here: the summary counts messages and shares.
DAY = timezone.localdate() - datetime.timedelta(days=3)


def _ten_people(*, after: int = 1):
    """Ten authors, two messages each at 09 and 22 o'clock: 20 messages."""
    return [(n, DAY, 22, 1, after) for n in range(10)] + [(n, DAY, 9, 1, 0) for n in range(10)]


def _headings(response):
    return [(g["group"].key, g["group"].unit) for g in response.context["groups"]]


@pytest.fixture(autouse=True)
def _min_group(settings):
    settings.REHAT_MIN_GROUP = 10


@pytest.mark.django_db
def test_reports_are_grouped_per_unit_latest_first_private_last(org):
    first = make_chat_report(uploader=org.hr.user, unit=org.beta, rows=_ten_people(), title="B1")
    alfa = make_chat_report(uploader=org.hr.user, unit=org.alfa, rows=_ten_people(), title="A")
    loose = make_chat_report(uploader=org.hr.user, rows=_ten_people(), title="Tanpa")
    mine = make_chat_report(uploader=org.hr.user, private=True, rows=_ten_people(), title="P")
    latest = make_chat_report(uploader=org.hr.user, unit=org.beta, rows=_ten_people(), title="B2")
    hidden = make_chat_report(
        uploader=org.leader.user, unit=org.alfa, private=True, rows=_ten_people(), title="L"
    )
    for order, report in enumerate([first, alfa, loose, mine, latest, hidden]):
        Report.objects.filter(pk=report.pk).update(
            created=timezone.now() - datetime.timedelta(hours=10 - order)
        )

    response = client_for(org, "hr").get(reverse("worktime:report-list"))

    assert _headings(response) == [
        ("unit", org.beta),
        ("unit", org.alfa),
        ("none", None),
        ("private", None),
    ]
    titles = [[r.title for r in g["group"].reports] for g in response.context["groups"]]
    assert titles == [["B2", "B1"], ["A"], ["Tanpa"], ["P"]]
    page = response.content.decode()
    assert "Hanya untuk saya" in page
    assert "Dinas Beta" in page


@pytest.mark.django_db
def test_unit_summary_line_shows_figures_at_the_threshold(org):
    make_chat_report(uploader=org.hr.user, unit=org.alfa, rows=_ten_people())

    response = client_for(org, "hr").get(reverse("worktime:report-list"))

    summary = response.context["groups"][0]["summary"]
    assert (summary.authors, summary.messages, summary.after_hours_messages) == (10, 20, 10)
    assert summary.late_night_messages == 10
    assert (
        "90 hari terakhir, dari 1 obrolan dengan 10 pengirim: 50,0 % pesan dikirim di luar jam "
        "kerja, 10 pesan larut malam (21.00–05.00)"
    ) in " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_unit_summary_is_hidden_below_the_threshold_and_says_so(org):
    make_chat_report(
        uploader=org.hr.user, unit=org.alfa, rows=[(n, DAY, 22, 5, 5) for n in range(9)]
    )

    response = client_for(org, "hr").get(reverse("worktime:report-list"))

    row = response.context["groups"][0]
    page = " ".join(response.content.decode().split())
    assert (row["summary"], row["summarised"]) == (None, True)
    assert "kurang dari 10 pengirim" in page
    assert "pesan larut malam" not in page


@pytest.mark.django_db
def test_leader_sees_summaries_of_the_units_they_lead_only(org):
    make_chat_report(uploader=org.leader.user, unit=org.alfa, rows=_ten_people())
    make_chat_report(uploader=org.hr.user, unit=org.beta, rows=_ten_people())
    # The leader once uploaded for Beta (e.g. before moving): they see that report only.
    make_chat_report(uploader=org.leader.user, unit=org.beta, rows=[(0, DAY, 22, 1, 1)])

    response = client_for(org, "leader").get(reverse("worktime:report-list"))

    rows = {g["group"].unit.code: g for g in response.context["groups"]}
    assert sorted(rows) == ["ALFA", "BETA"]
    assert rows["ALFA"]["summary"].authors == 10
    assert (rows["BETA"]["summary"], rows["BETA"]["summarised"]) == (None, False)
    assert len(rows["BETA"]["group"].reports) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_leader_report_list_queries_do_not_grow(org, size, django_assert_num_queries):
    for i in range(size):
        unit = make_unit(parent=org.alfa)
        make_chat_report(uploader=org.hr.user, unit=unit, rows=_ten_people(), title=f"G{i}")
    client = client_for(org, "leader")

    # session, user, roles, employee, led roots, reports, led roots, led units, then
    # unit_after_hours' five
    with django_assert_num_queries(13):
        response = client.get(reverse("worktime:report-list"))

    assert [g["summary"].authors for g in response.context["groups"]] == [10] * size

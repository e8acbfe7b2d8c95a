"""The "this is me" mark and the private footprint page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rehat.tests.personas import PERSONAS, client_for
from rehat.worktime.models import Author, Report
from rehat.worktime.tests.factories import make_chat_report

SAT, MON = datetime.date(2024, 3, 2), datetime.date(2024, 3, 4)
# Six messages by "Ibu Kepala": one in working hours, two late on Monday, three on Saturday.
CHAT = (
    "04/03/24 08.05 - Ibu Kepala: Selamat pagi\n"
    "04/03/24 08.10 - Budi: Pagi\n"
    "04/03/24 21.30 - Ibu Kepala: Mohon dicek\n"
    "04/03/24 21.31 - Ibu Kepala: besok pagi ya\n"
    "04/03/24 21.40 - Budi: Siap\n"
    "02/03/24 10.00 - Ibu Kepala: Sabtu ini rapat\n"
    "02/03/24 10.05 - Ibu Kepala: jam 9\n"
    "02/03/24 10.06 - Ibu Kepala: di kantor\n"
)


def _upload(client, **fields):
    data = {
        "file": SimpleUploadedFile("WhatsApp Chat.txt", CHAT.encode()),
        "title": "Grup Bidang",
        "date_order": "dmy",
        "zone": "WIB",
        "schedule": "perpres",
        "leader_names": "",
        **fields,
    }
    return client.post(reverse("worktime:report-upload"), data)


FOOTPRINT_STATUS = {**{p: 200 for p in PERSONAS}, "anonymous": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_footprint_page_is_open_to_every_signed_in_person(org, persona):
    response = client_for(org, persona).get(reverse("worktime:footprint"))

    assert response.status_code == FOOTPRINT_STATUS[persona]


@pytest.mark.django_db
def test_upload_marks_this_is_me_from_the_typed_name(org):
    client = client_for(org, "leader")

    response = _upload(client, my_names="Ibu Kepala", unit=org.alfa.pk)

    report = Report.objects.get()
    assert response.status_code == 302
    assert list(report.authors.filter(is_me=True).values_list("messages", flat=True)) == [6]
    page = client.get(reverse("worktime:footprint")).content.decode()
    assert '<dd id="fp-messages">6</dd>' in page
    assert '<dd id="fp-after">5 pesan (83,3 %)</dd>' in page
    assert '<dd id="fp-late">2</dd>' in page
    assert '<dd id="fp-weekend">1</dd>' in page
    assert '<dd id="fp-reports">1</dd>' in page
    assert "<title>Pesan Anda per jam dalam sepekan</title>" in page


@pytest.mark.django_db
def test_footprint_page_never_shows_another_users_data(org):
    # HR marked themselves in a big chat; the leader marked themselves in a small one.
    make_chat_report(
        uploader=org.hr.user,
        unit=org.alfa,
        rows=[(0, SAT, 22, 97, 97), (1, MON, 9, 3, 0)],
        me=[0, 1],
    )
    make_chat_report(
        uploader=org.leader.user, unit=org.alfa, rows=[(0, MON, 9, 5, 0), (1, MON, 21, 7, 7)]
    )
    mine = make_chat_report(uploader=org.leader.user, private=True, rows=[(0, MON, 10, 2, 0)])
    Author.objects.filter(report=mine).update(is_me=True)

    leader = client_for(org, "leader").get(reverse("worktime:footprint"))
    employee = client_for(org, "employee").get(reverse("worktime:footprint"))

    assert leader.context["footprint"].messages == 2
    assert leader.context["footprint"].reports == 1
    assert '<dd id="fp-messages">2</dd>' in leader.content.decode()
    assert employee.context["footprint"] is None
    assert "fp-messages" not in employee.content.decode()


ME_STATUS = {**{p: 404 for p in PERSONAS}, "leader": 302, "admin": 403, "anonymous": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_uploader_marks_this_is_me(org, persona):
    report = make_chat_report(
        uploader=org.leader.user, unit=org.alfa, rows=[(0, MON, 9, 1, 0), (1, MON, 22, 1, 1)]
    )
    pseudonym = report.authors.get(messages=1, after_hours=1).pseudonym

    response = client_for(org, persona).post(
        reverse("worktime:report-me", args=[report.code]), {"mine": [pseudonym]}
    )

    assert response.status_code == ME_STATUS[persona]
    marked = list(
        Author.objects.filter(report=report, is_me=True).values_list("pseudonym", flat=True)
    )
    assert marked == ([pseudonym] if persona == "leader" else [])


@pytest.mark.django_db
def test_this_is_me_mark_is_visible_to_the_uploader_only(org):
    report = make_chat_report(
        uploader=org.leader.user, unit=org.alfa, rows=[(0, MON, 9, 1, 0)], me=[0]
    )
    url = reverse("worktime:report-detail", args=[report.code])

    own = client_for(org, "leader").get(url)
    hr = client_for(org, "hr").get(url)
    csv = client_for(org, "hr").get(reverse("worktime:report-csv", args=[report.code]))

    assert own.context["me_form"] is not None
    assert "Ini saya" in own.content.decode()
    assert hr.context["me_form"] is None
    assert "Ini saya" not in hr.content.decode()
    assert "is_me" not in csv.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_footprint_page_queries_do_not_grow(org, size, django_assert_num_queries):
    for _ in range(size):
        make_chat_report(
            uploader=org.leader.user, rows=[(0, SAT, 22, 2, 2), (1, MON, 9, 1, 0)], me=[0]
        )
    client = client_for(org, "leader")

    # session, user, per footprint (all time, last 90 days): marks, counts, overrides; then
    # roles and employee for the menu
    with django_assert_num_queries(10):
        response = client.get(reverse("worktime:footprint"))

    assert response.context["footprint"].messages == 2 * size

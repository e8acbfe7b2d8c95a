from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rehat.schedule.domain.hours import resolve_zone
from rehat.tests.personas import PERSONAS, client_for
from rehat.worktime.domain.analysis import Options
from rehat.worktime.domain.records import create_report
from rehat.worktime.models import Author, HourCount, Report

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "RahasiaNegaraXYZ"
CHAT = (
    "14/03/22 08.05 - Siti Rahmawati: Selamat pagi\n"
    f"14/03/22 16.45 - Pak Kepala: Mohon laporan dikirim malam ini {SECRET}\n"
    f"{SECRET} baris kedua\n"
    "14/03/22 21.30 - Siti Rahmawati: Siap\n"
    "15/03/22 07.00 - Pak Kepala menambahkan Budi\n"
)


def _report(org, *, uploader, unit=None, private=False, title="Grup Dinas"):
    with (FIXTURES / "id_android.txt").open("rb") as source:
        return create_report(
            source=source,
            name="chat.txt",
            title=title,
            options=Options(tz=resolve_zone(name="WIB")),
            unit=unit,
            uploader=uploader,
            private=private,
        )


def _upload(client, content=None, **fields):
    content = CHAT.encode() if content is None else content
    data = {
        "file": SimpleUploadedFile("WhatsApp Chat.txt", content),
        "title": "Grup Bidang",
        "date_order": "auto",
        "zone": "WIB",
        "schedule": "perpres",
        "leader_names": "",
        **fields,
    }
    return client.post(reverse("worktime:report-upload"), data)


LIST_STATUS = {
    "employee": 200,
    "leader": 200,
    "other_leader": 200,
    "counselor": 200,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["worktime:report-list", "worktime:report-upload"])
def test_list_and_upload_pages_permissions(org, persona, name):
    response = client_for(org, persona).get(reverse(name))

    assert response.status_code == LIST_STATUS[persona]


SHARED_STATUS = {
    "employee": 404,
    "leader": 200,
    "other_leader": 404,
    "counselor": 404,
    "hr": 200,
    "admin": 403,
    "anonymous": 302,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", ["report-detail", "report-csv", "report-chart"])
def test_shared_report_is_for_hr_and_the_units_leaders(org, persona, view):
    report = _report(org, uploader=org.hr.user, unit=org.alfa)
    args = [report.code, "peta-jam"] if view == "report-chart" else [report.code]

    response = client_for(org, persona).get(reverse(f"worktime:{view}", args=args))

    assert response.status_code == SHARED_STATUS[persona]


PRIVATE_STATUS = {**{p: 404 for p in PERSONAS}, "employee": 200, "admin": 403, "anonymous": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_private_report_is_its_uploaders_alone(org, persona):
    report = _report(org, uploader=org.employee.user, private=True)

    response = client_for(org, persona).get(reverse("worktime:report-detail", args=[report.code]))

    assert response.status_code == PRIVATE_STATUS[persona]


LEADER_MARK_STATUS = {**{p: 404 for p in PERSONAS}, "hr": 302, "admin": 403, "anonymous": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_uploader_marks_leaders(org, persona):
    report = _report(org, uploader=org.hr.user, unit=org.alfa)
    pseudonym = report.authors.first().pseudonym

    response = client_for(org, persona).post(
        reverse("worktime:report-leaders", args=[report.code]), {"leaders": [pseudonym]}
    )

    assert response.status_code == LEADER_MARK_STATUS[persona]
    assert Author.objects.get(report=report, pseudonym=pseudonym).leader is (persona == "hr")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_report_list_queries_do_not_grow(org, count, django_assert_num_queries):
    for i in range(count):
        _report(org, uploader=org.hr.user, unit=org.alfa, title=f"Grup {i}")
    client = client_for(org, "hr")

    # session, user, roles, employee, reports, then unit_after_hours' five
    with django_assert_num_queries(10):
        response = client.get(reverse("worktime:report-list"))

    assert len(response.context["reports"]) == count


@pytest.mark.django_db(databases="__all__")
def test_upload_stores_counts_and_no_message_text(org):
    client = client_for(org, "hr")

    response = _upload(client, leader_names="Pak Kepala", unit=org.alfa.pk)

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.metrics["messages"] == 3
    assert report.metrics["short_notice_requests"] == 1
    assert report.metrics["leader_after_hours_messages"] == 1
    assert HourCount.objects.filter(report=report).count() == 3
    dump = "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.app_label not in ("contenttypes", "auth")
    )
    for text in (SECRET, "Mohon laporan", "Siti Rahmawati", "Pak Kepala", "Budi"):
        assert text not in dump


@pytest.mark.django_db
def test_employee_upload_is_private_and_has_no_unit(org):
    _upload(client_for(org, "employee"))

    report = Report.objects.get()
    assert (report.private, report.unit, report.uploaded_by) == (True, None, org.employee.user)


@pytest.mark.django_db
def test_ambiguous_file_asks_for_the_date_order(org):
    ambiguous = b"03/04/23 10.00 - Ani: a\n05/04/23 11.00 - Budi: b\n"
    client = client_for(org, "hr")

    refused = _upload(client, content=ambiguous)
    chosen = _upload(client, content=ambiguous, date_order="mdy")

    assert refused.status_code == 400
    assert "urutan tanggal" in refused.content.decode().lower()
    assert chosen.status_code == 302
    assert Report.objects.get().source["decided_by"] == "declared"


@pytest.mark.django_db
def test_unreadable_upload_gets_a_clear_message(org):
    response = _upload(client_for(org, "hr"), content=b"bukan obrolan\n")

    assert response.status_code == 400
    assert "Tidak ada baris bertanggal" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_calendar_upload_and_exports(org):
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTART;TZID=Asia/Jakarta:20240102T150000\r\nDURATION:PT2H\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    client = client_for(org, "hr")
    _upload(client, content=ics)
    chat = _report(org, uploader=org.hr.user)

    calendar = Report.objects.get(kind="calendar")
    csv = client.get(reverse("worktime:report-csv", args=[chat.code])).content.decode()
    svg = client.get(reverse("worktime:report-chart", args=[chat.code, "tren"]))
    assert calendar.metrics["after_hours_meeting_hours"] == 1.0
    assert csv.splitlines()[0] == "metric,value"
    assert "date,hour,pseudonym,leader,messages,after_hours" in csv
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")

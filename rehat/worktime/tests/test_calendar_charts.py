"""Calendar reports get their own charts: meeting minutes per hour of the week, hours per week."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rehat.tests.personas import PERSONAS, client_for
from rehat.worktime.models import Report


def _event(uid: str, start: str, duration: str) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID=Asia/Jakarta:{start}\r\n"
        f"DURATION:{duration}\r\nEND:VEVENT\r\n"
    )


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n"
    + _event("a", "20240102T150000", "PT2H")  # Tuesday 15.00-17.00: one hour after 16.00
    + _event("b", "20240106T090000", "PT1H")  # Saturday
    + _event("c", "20240108T233000", "PT1H")  # Monday 23.30 to Tuesday 00.30
    + "END:VCALENDAR\r\n"
).encode()


def _upload(org, persona="hr", **fields):
    data = {
        "file": SimpleUploadedFile("rapat.ics", ICS),
        "title": "Kalender Dinas",
        "date_order": "auto",
        "zone": "WIB",
        "schedule": "perpres",
        "leader_names": "",
        "unit": org.alfa.pk,
        **fields,
    }
    client_for(org, persona).post(reverse("worktime:report-upload"), data)
    return Report.objects.get(kind="calendar")


@pytest.mark.django_db
def test_calendar_upload_keeps_meeting_minutes_per_hour_and_week(org):
    report = _upload(org)

    expected = [[0] * 24 for _ in range(7)]
    expected[1][15] = expected[1][16] = expected[5][9] = 60
    expected[0][23] = expected[1][0] = 30
    assert report.heatmap == expected
    assert report.weekly == [["2024-01-01", 180, 120], ["2024-01-08", 60, 60]]
    # The charts add up to the calendar metrics.
    assert report.metrics["meeting_hours"] == 4.0
    assert report.metrics["after_hours_meeting_hours"] == 3.0


@pytest.mark.django_db
def test_calendar_charts_are_accessible_svg(org):
    report = _upload(org)
    client = client_for(org, "hr")

    heat = client.get(reverse("worktime:report-chart", args=[report.code, "peta-jam"]))
    trend = client.get(reverse("worktime:report-chart", args=[report.code, "tren"]))
    page = client.get(reverse("worktime:report-detail", args=[report.code])).content.decode()

    assert heat["Content-Type"] == trend["Content-Type"] == "image/svg+xml"
    heat_svg, trend_svg = heat.content.decode(), trend.content.decode()
    assert "<title>Menit rapat per jam dalam sepekan</title>" in heat_svg
    assert "<desc>" in heat_svg
    assert "<title>Sel 15: 60 menit</title>" in heat_svg
    assert "<title>Jam rapat per pekan</title>" in trend_svg
    assert "<desc>" in trend_svg
    assert "<caption>Menit rapat per hari dan jam</caption>" in page
    assert '<th scope="row">2024-01-01</th><td>3,0</td><td>2,0</td>' in page


CHART_STATUS = {
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
@pytest.mark.parametrize("chart", ["peta-jam", "tren"])
def test_calendar_charts_permissions(org, persona, chart):
    report = _upload(org)

    response = client_for(org, persona).get(
        reverse("worktime:report-chart", args=[report.code, chart])
    )

    assert response.status_code == CHART_STATUS[persona]


@pytest.mark.django_db
def test_calendar_without_stored_charts_says_so(org):
    report = _upload(org)
    Report.objects.filter(pk=report.pk).update(heatmap=[], weekly=[])
    client = client_for(org, "hr")

    chart = client.get(reverse("worktime:report-chart", args=[report.code, "peta-jam"]))
    page = client.get(reverse("worktime:report-detail", args=[report.code])).content.decode()

    assert chart.status_code == 404
    assert "unggah lagi untuk melihat grafiknya" in page

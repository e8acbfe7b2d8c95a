import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from rehat.leave.domain.letter import spell_number
from rehat.leave.models import Delegation, LeaveRequest
from rehat.leave.tests.factories import make_request
from rehat.tests.factories import make_employee
from rehat.tests.personas import client_for


def _monday(weeks=4):
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 * weeks - today.weekday())


def _plain_monday():
    """A Monday whose week has no holiday (searching forward from four weeks ahead)."""
    from rehat.schedule.domain.calendar import count_working_days

    day = _monday()
    while count_working_days(start=day, end=day + datetime.timedelta(days=4))[0] != 5:
        day += datetime.timedelta(days=7)
    return day


@pytest.mark.django_db
def test_the_form_explains_before_sending(org):
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/periksa/",
        {"leave_type": "sakit", "start": start, "end": start + datetime.timedelta(days=6)},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "5 hari kerja" in body
    assert "Perlu dilampirkan: surat keterangan dokter." in body
    assert "Minggu" in body


@pytest.mark.django_db
def test_sending_a_request_with_a_letter(org):
    start = _plain_monday()
    letter = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client_for(org, "employee").post(
        "/cuti/ajukan/",
        {
            "leave_type": "pemulihan",
            "start": start,
            "end": start + datetime.timedelta(days=1),
            "reason": "Perlu istirahat",
            "letter": letter,
        },
    )
    created = LeaveRequest.objects.get()
    assert response.status_code == 302
    assert response.url == f"/cuti/{created.code}/"
    assert (created.leave_type, created.workdays, created.has_letter) == ("pemulihan", 2, True)


@pytest.mark.django_db
def test_a_request_that_breaks_a_rule_is_explained_not_sent(org):
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/",
        {"leave_type": "sakit", "start": start, "end": start, "reason": "Demam"},
    )
    assert response.status_code == 400
    assert response.context["check"].problems == ["Lampirkan surat keterangan dokter."]
    assert LeaveRequest.objects.count() == 0


@pytest.mark.django_db
def test_pppk_cannot_choose_cuti_besar(org):
    pppk = make_employee(unit=org.alfa_satu, kind="PPPK")
    from django.test import Client

    client = Client()
    client.force_login(pppk.user)
    choices = [
        value
        for value, _label in client.get("/cuti/ajukan/")
        .context["form"]
        .fields["leave_type"]
        .choices
    ]
    assert choices == ["tahunan", "sakit", "melahirkan", "pemulihan"]


@pytest.mark.django_db
def test_postponing_needs_a_reason(org, leave_data):
    code = leave_data["recovery"].code
    response = client_for(org, "leader").post(
        f"/cuti/{code}/pertimbangan/", {"recommend-outcome": "postpone", "recommend-note": ""}
    )
    assert response.status_code == 400
    assert LeaveRequest.objects.get(code=code).status == "recommendation"


@pytest.mark.django_db
def test_the_employee_follows_each_step(org, leave_data):
    code = leave_data["recovery"].code
    client_for(org, "leader").post(
        f"/cuti/{code}/pertimbangan/", {"recommend-outcome": "approve", "recommend-note": "Silakan"}
    )
    body = client_for(org, "employee").get(f"/cuti/{code}/").content.decode()
    assert "menunggu keputusan pejabat berwenang" in body
    assert "Silakan" in body


@pytest.mark.django_db
def test_a_delegation_is_saved(org):
    start = timezone.localdate()
    response = client_for(org, "leader").post(
        "/cuti/delegasi/",
        {
            "to_user": org.other_leader.user.pk,
            "start": start,
            "end": start + datetime.timedelta(days=3),
        },
    )
    assert response.status_code == 302
    row = Delegation.objects.get()
    assert (row.from_user, row.to_user) == (org.leader.user, org.other_leader.user)


def test_spell_number_in_indonesian():
    assert [spell_number(n) for n in [1, 11, 12, 21, 100, 115]] == [
        "satu", "sebelas", "dua belas", "dua puluh satu", "seratus", "seratus lima belas",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_official_letter_pdf(org, leave_data):
    annual = leave_data["annual"]
    org.employee.position = "Analis Kebijakan"
    org.employee.save()
    response = client_for(org, "employee").get(f"/cuti/{annual.code}/surat-izin-cuti.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    from rehat.leave.domain.letter import format_date

    assert "PEMERINTAH KOTA UJI" in text
    assert "SURAT IZIN CUTI TAHUNAN" in text
    assert "Nomor: 0001/CUTI/ALFA1/2026" in text
    assert (
        f"Diberikan cuti tahunan untuk tahun {annual.start.year} kepada Pegawai Negeri Sipil"
        in text
    )
    assert org.employee.user.name in text
    assert org.employee.nip in text
    assert "Analis Kebijakan" in text
    assert f"selama {annual.workdays} ({spell_number(annual.workdays)}) hari kerja" in text
    assert (
        f"mulai tanggal {format_date(annual.start)} sampai dengan tanggal {format_date(annual.end)}"
        in text
    )
    assert "Sekretaris Daerah" in text
    assert org.other_leader.user.name in text
    assert "Tembusan" in text


@pytest.mark.django_db
def test_the_ics_file(org, leave_data):
    annual = leave_data["annual"]
    body = client_for(org, "employee").get(f"/cuti/{annual.code}/cuti.ics").content.decode()
    assert f"DTSTART;VALUE=DATE:{annual.start:%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{annual.end + datetime.timedelta(days=1):%Y%m%d}" in body
    assert "SUMMARY:Cuti tahunan" in body


def _many(org, size, status="recommendation"):
    start = timezone.localdate() + datetime.timedelta(days=40)
    for n in range(size):
        employee = make_employee(unit=org.alfa_satu, supervisor=org.leader)
        make_request(employee=employee, start=start + datetime.timedelta(days=n), status=status)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_the_approvals_list_takes_the_same_queries_at_any_size(
    org, size, django_assert_num_queries
):
    _many(org, size)
    client = client_for(org, "leader")
    # session, user, roles, employee (roles_of), delegations, requests
    with django_assert_num_queries(6):
        response = client.get("/cuti/persetujuan/")
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_the_unit_calendar_takes_the_same_queries_at_any_size(org, size, django_assert_num_queries):
    _many(org, size, status="approved")
    client = client_for(org, "leader")
    start = timezone.localdate() + datetime.timedelta(days=30)
    # session, user, roles, employee, led unit paths, requests
    with django_assert_num_queries(6):
        response = client.get(
            "/cuti/unit/", {"start": start, "end": start + datetime.timedelta(days=30)}
        )
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_the_hr_summary_takes_the_same_queries_at_any_size(org, size, django_assert_num_queries):
    start = timezone.localdate().replace(month=1, day=5)
    for n in range(size):
        unit_employee = make_employee(unit=[org.alfa, org.alfa_satu, org.beta][n])
        make_request(employee=unit_employee, start=start + datetime.timedelta(days=7 * n))
    client = client_for(org, "hr")
    # session, user, roles, employee, medical flag, unit choices, summary, count, page
    with django_assert_num_queries(9):
        response = client.get("/cuti/sdm/")
    assert len(response.context["summary"].rows) == size
    assert len(response.context["rows"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_the_employees_leave_page_takes_the_same_queries_at_any_size(
    org, size, django_assert_num_queries
):
    start = _plain_monday()
    for n in range(size):
        make_request(employee=org.employee, start=start + datetime.timedelta(days=n))
    client = client_for(org, "employee")
    # Balances read rules, policy, adjustments, the teacher mark and three years of requests:
    # fixed, not per row.
    with django_assert_num_queries(25):
        response = client.get("/cuti/")
    assert len(response.context["requests"]) == size

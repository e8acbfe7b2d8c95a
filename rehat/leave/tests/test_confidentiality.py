"""No page, mail, export or file shows the reason, the letter or "pemulihan" to the
supervisor or the approver; medical HR reads it and the read is audited."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from rehat.audit.models import Entry
from rehat.leave.tests.conftest import REASON
from rehat.leave.tests.factories import make_request
from rehat.tests.personas import client_for


def _leaks(text):
    cleaned = text.replace("sakit/pemulihan", "")
    found = []
    for secret in [REASON, "surat-psikolog", "Cuti pemulihan", "cuti pemulihan"]:
        if secret in cleaned:
            found.append(secret)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "other_leader", "hr"])
def test_the_chain_and_plain_hr_see_only_sick_or_recovery(org, leave_data, persona):
    from rehat.leave.models import MedicalReader

    MedicalReader.objects.all().delete()
    client = client_for(org, persona)
    pages = [
        f"/cuti/{leave_data['recovery'].code}/",
        f"/cuti/{leave_data['sick'].code}/",
        "/cuti/persetujuan/",
        "/cuti/unit/",
        "/cuti/sdm/",
    ]
    seen = {}
    for url in pages:
        response = client.get(url)
        if response.status_code == 200:
            seen[url] = _leaks(response.content.decode())
    assert seen and all(leaks == [] for leaks in seen.values())
    detail = client.get(f"/cuti/{leave_data['recovery'].code}/").content.decode()
    assert "Cuti sakit/pemulihan" in detail


@pytest.mark.django_db
def test_the_leaders_calendar_shows_recovery_leave_as_sick_or_recovery(org, leave_data):
    approved = leave_data["recovery"]
    approved.status = "approved"
    approved.save()
    response = client_for(org, "leader").get(
        "/cuti/unit/", {"start": approved.start.isoformat(), "end": approved.end.isoformat()}
    )
    body = response.content.decode()
    assert [label for _item, label in response.context["rows"]] == ["Cuti sakit/pemulihan"]
    assert _leaks(body) == []


@pytest.mark.django_db
def test_medical_hr_reads_the_reason_and_the_read_is_audited(org, leave_data):
    client = client_for(org, "hr")
    response = client.get(f"/cuti/{leave_data['recovery'].code}/alasan/")
    assert REASON in response.content.decode()
    assert "Cuti pemulihan" in response.content.decode()
    letter = client.get(f"/cuti/{leave_data['recovery'].code}/lampiran/")
    assert letter.content == b"%PDF-x"
    assert letter["Content-Type"] == "application/pdf"
    entries = Entry.objects.filter(action="read", target_type="leave.leaverequest")
    assert [(e.actor_id, e.changes) for e in entries.order_by("pk")] == [
        (org.hr.user.pk, {"field": "alasan"}),
        (org.hr.user.pk, {"field": "surat"}),
    ]
    assert all(_leaks(e.target_repr) == [] for e in entries)


@pytest.mark.django_db
def test_the_letter_pdf_of_recovery_leave_says_cuti_sakit(org, leave_data):
    recovery = leave_data["recovery"]
    recovery.status = "approved"
    recovery.number = "0002/CUTI/ALFA1/2026"
    recovery.save()
    pdf = client_for(org, "leader").get(f"/cuti/{recovery.code}/surat-izin-cuti.pdf").content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "SURAT IZIN CUTI SAKIT" in text
    assert "pemulihan" not in text.lower()
    assert REASON not in text


@pytest.mark.django_db
def test_the_ics_of_recovery_leave_says_sick_or_recovery(org, leave_data):
    recovery = leave_data["recovery"]
    recovery.status = "approved"
    recovery.save()
    body = client_for(org, "employee").get(f"/cuti/{recovery.code}/cuti.ics").content.decode()
    assert "SUMMARY:Cuti sakit/pemulihan" in body
    assert REASON not in body


@pytest.mark.django_db
def test_the_employee_sees_their_own_type_but_not_the_reason_back(org, leave_data):
    body = client_for(org, "employee").get(f"/cuti/{leave_data['recovery'].code}/").content.decode()
    assert "<h1>Cuti pemulihan</h1>" in body
    assert REASON not in body


@pytest.mark.django_db
def test_hr_summary_hides_recovery_counts_below_the_group_threshold(org, settings):
    settings.REHAT_MIN_GROUP = 3
    start = timezone.localdate().replace(month=1, day=5)
    for n in range(2):
        make_request(
            employee=org.employee,
            leave_type="pemulihan",
            start=start + datetime.timedelta(days=7 * n),
        )
    response = client_for(org, "hr").get("/cuti/sdm/")
    row = response.context["summary"].rows[0]
    assert row.recovery is None
    assert row.cells["sakit"][0] == 2
    make_request(
        employee=org.employee, leave_type="pemulihan", start=start + datetime.timedelta(days=21)
    )
    response = client_for(org, "hr").get("/cuti/sdm/")
    assert response.context["summary"].rows[0].recovery == 3

import datetime

import pytest
from django.utils import timezone

from rehat.leave.domain.confidential import Letter, seal_letter
from rehat.leave.models import Authority, MedicalReader
from rehat.leave.tests.factories import make_request

REASON = "Kelelahan berat setelah lembur tiga bulan"


@pytest.fixture
def leave_data(org):
    """Requests of `employee`: supervisor `leader`, pejabat berwenang `other_leader`; `hr`
    reads medical reasons. Dates are relative to today so the views see them as future."""
    today = timezone.localdate()
    start = today + datetime.timedelta(days=30)
    Authority.objects.create(unit=org.root, user=org.other_leader.user, title="Sekretaris Daerah")
    MedicalReader.objects.create(user=org.hr.user)
    common = {
        "employee": org.employee,
        "approver": org.other_leader.user,
        "approver_title": "Sekretaris Daerah",
    }
    letter = Letter(name="surat-psikolog.pdf", content_type="application/pdf", content=b"%PDF-x")
    return {
        "recovery": make_request(
            leave_type="pemulihan",
            start=start,
            status="recommendation",
            reason=REASON,
            sealed_letter=seal_letter(letter=letter),
            **common,
        ),
        "sick": make_request(
            leave_type="sakit",
            start=start + datetime.timedelta(days=7),
            status="decision",
            reason=REASON,
            **common,
        ),
        "annual": make_request(
            start=start + datetime.timedelta(days=14),
            end=start + datetime.timedelta(days=16),
            status="approved",
            number="0001/CUTI/ALFA1/2026",
            decided=today,
            **common,
        ),
        "cancellable": make_request(
            start=start + datetime.timedelta(days=21), status="recommendation", **common
        ),
    }

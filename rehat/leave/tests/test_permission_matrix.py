"""Every leave view × every persona → the exact status code."""

import pytest

from rehat.tests.personas import PERSONAS, client_for

LOGIN = 302


def expect(default, anonymous=LOGIN, **overrides):
    codes = dict.fromkeys(PERSONAS, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def _matrix(data):
    recovery, sick = data["recovery"].code, data["sick"].code
    annual, cancellable = data["annual"].code, data["cancellable"].code
    visible = {"employee": 200, "leader": 200, "other_leader": 200, "hr": 200}
    return [
        ("get", "/cuti/", expect(200, admin=403)),
        ("get", "/cuti/ajukan/", expect(200, admin=403)),
        ("get", "/cuti/ajukan/periksa/", expect(405, anonymous=405)),
        ("get", "/cuti/persetujuan/", expect(200, admin=403)),
        ("get", "/cuti/delegasi/", expect(200, admin=403)),
        ("get", "/cuti/unit/", expect(403, leader=200, other_leader=200)),
        ("get", "/cuti/sdm/", expect(403, hr=200)),
        ("get", f"/cuti/{recovery}/", expect(404, admin=403, **visible)),
        ("get", f"/cuti/{sick}/", expect(404, admin=403, **visible)),
        ("get", f"/cuti/{recovery}/alasan/", expect(403, hr=200)),
        ("get", f"/cuti/{recovery}/lampiran/", expect(403, hr=200)),
        ("get", f"/cuti/{annual}/alasan/", expect(403, hr=200)),
        ("get", f"/cuti/{annual}/lampiran/", expect(403, hr=404)),
        ("get", f"/cuti/{annual}/surat-izin-cuti.pdf", expect(404, admin=403, **visible)),
        ("get", f"/cuti/{recovery}/surat-izin-cuti.pdf", expect(404, admin=403)),
        ("get", f"/cuti/{annual}/cuti.ics", expect(403, counselor=404, employee=200)),
        ("get", f"/cuti/{recovery}/cuti.ics", expect(403, counselor=404, employee=404)),
        ("get", f"/cuti/{recovery}/pertimbangan/", expect(405, anonymous=405)),
        ("post", f"/cuti/{recovery}/pertimbangan/", expect(403, counselor=404, leader=302)),
        ("post", f"/cuti/{sick}/keputusan/", expect(403, counselor=404, other_leader=302)),
        ("post", f"/cuti/{cancellable}/batal/", expect(403, counselor=404, employee=302)),
        ("post", "/cuti/delegasi/999999/hapus/", expect(404, admin=403)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_leave_view_answers_each_persona_exactly(org, leave_data, persona):
    client = client_for(org, persona)
    form = {"recommend-outcome": "approve", "decide-outcome": "approve"}
    got, want = {}, {}
    for method, url, codes in _matrix(leave_data):
        response = client.post(url, form) if method == "post" else client.get(url)
        got[f"{method} {url}"] = response.status_code
        want[f"{method} {url}"] = codes[persona]
    assert got == want


@pytest.mark.django_db
def test_hr_without_the_medical_flag_cannot_read_sick_or_recovery_reasons(org, leave_data):
    from rehat.leave.models import MedicalReader

    MedicalReader.objects.all().delete()
    client = client_for(org, "hr")
    assert client.get(f"/cuti/{leave_data['recovery'].code}/alasan/").status_code == 403
    assert client.get(f"/cuti/{leave_data['sick'].code}/lampiran/").status_code == 403
    assert client.get(f"/cuti/{leave_data['annual'].code}/alasan/").status_code == 200

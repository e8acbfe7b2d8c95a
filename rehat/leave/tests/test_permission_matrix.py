"""Every leave view × every persona → the exact status code."""

import uuid

import pytest

from rehat.leave.models import Authority, MedicalReader, RuleAdjustment
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


def _hr_matrix(org, data):
    """HR's administration pages. HR and admins configure authorities, the policy and the
    agency's rules; medical readers, service dates, balances and the summary are HR's alone.
    Changes that remove a row come last, so that the rows exist for the pages before them."""
    authority = Authority.objects.get(unit=org.root)
    adjustment = RuleAdjustment.objects.create(
        regime="PNS", leave_type="besar", field="max_months", value=2
    )
    reader = MedicalReader.objects.get(user=org.hr.user)
    employee = org.employee.user.code
    hr, config = {"hr": 200}, {"hr": 200, "admin": 200}
    new_unit = {"unit": "BETA", "person": org.leader.user.email, "title": "Kepala Dinas Beta"}
    return [
        ("get", "/cuti/sdm/", {}, expect(403, **hr)),
        ("get", "/cuti/sdm/?start=2026-02-01&end=2026-01-01", {}, expect(403, hr=400)),
        ("get", "/cuti/sdm/rekap.csv", {}, expect(403, **hr)),
        ("get", "/cuti/sdm/rekap.csv?start=2026-01-01", {}, expect(403, hr=400)),
        ("get", "/cuti/sdm/pejabat/", {}, expect(403, **config)),
        ("post", "/cuti/sdm/pejabat/", {}, expect(403, hr=400, admin=400)),
        ("post", "/cuti/sdm/pejabat/", new_unit, expect(403, hr=302, admin=302)),
        ("get", f"/cuti/sdm/pejabat/{authority.pk}/", {}, expect(403, **config)),
        (
            "post",
            f"/cuti/sdm/pejabat/{authority.pk}/",
            {"person": ""},
            expect(403, hr=400, admin=400),
        ),
        ("get", "/cuti/sdm/pejabat/999999/", {}, expect(403, hr=404, admin=404)),
        ("get", f"/cuti/sdm/pejabat/{authority.pk}/hapus/", {}, expect(405, anonymous=405)),
        ("get", "/cuti/sdm/kesehatan/", {}, expect(403, **hr)),
        ("post", "/cuti/sdm/kesehatan/", {"person": "x"}, expect(403, hr=400)),
        ("get", f"/cuti/sdm/kesehatan/{reader.pk}/cabut/", {}, expect(405, anonymous=405)),
        ("post", "/cuti/sdm/kesehatan/999999/cabut/", {}, expect(403, hr=404)),
        ("get", "/cuti/sdm/kebijakan/", {}, expect(403, **config)),
        ("post", "/cuti/sdm/kebijakan/", {}, expect(403, hr=400, admin=400)),
        ("get", "/cuti/sdm/aturan/", {}, expect(403, **config)),
        ("post", "/cuti/sdm/aturan/", {}, expect(403, hr=400, admin=400)),
        ("post", "/cuti/sdm/aturan/999999/hapus/", {}, expect(403, hr=404, admin=404)),
        ("get", "/cuti/sdm/pegawai/", {}, expect(403, **hr)),
        ("get", "/cuti/sdm/pegawai/?q=Pengguna", {}, expect(403, **hr)),
        ("get", f"/cuti/sdm/pegawai/{employee}/", {}, expect(403, **hr)),
        ("get", f"/cuti/sdm/pegawai/{uuid.UUID(int=7)}/", {}, expect(403, hr=404)),
        ("get", f"/cuti/sdm/pegawai/{employee}/masa-kerja/", {}, expect(405, anonymous=405)),
        (
            "post",
            f"/cuti/sdm/pegawai/{employee}/masa-kerja/",
            {"date": "2015-03-01"},
            expect(403, hr=302),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{employee}/penyesuaian/",
            {"year": "2026"},
            expect(403, hr=400),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{employee}/penyesuaian/",
            {"year": "2026", "workdays": "2", "note": "Bertugas saat cuti bersama"},
            expect(403, hr=302),
        ),
        # Teachers and lecturers with school holidays: HR's alone, like balances.
        ("get", "/cuti/sdm/libur-sekolah/", {}, expect(403, **hr)),
        ("get", f"/cuti/sdm/pegawai/{employee}/libur-sekolah/", {}, expect(405, anonymous=405)),
        (
            "get",
            f"/cuti/sdm/pegawai/{employee}/libur-sekolah/hapus/",
            {},
            expect(405, anonymous=405),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{employee}/libur-sekolah/",
            {"note": "x" * 201},
            expect(403, hr=400),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{uuid.UUID(int=7)}/libur-sekolah/",
            {"note": ""},
            expect(403, hr=404),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{uuid.UUID(int=7)}/libur-sekolah/hapus/",
            {},
            expect(403, hr=404),
        ),
        (
            "post",
            f"/cuti/sdm/pegawai/{employee}/libur-sekolah/",
            {"note": "Guru SD Negeri 3"},
            expect(403, hr=302),
        ),
        ("post", f"/cuti/sdm/pegawai/{employee}/libur-sekolah/hapus/", {}, expect(403, hr=302)),
        ("post", "/cuti/sdm/kebijakan/", POLICY, expect(403, hr=302, admin=302)),
        ("post", "/cuti/sdm/aturan/", STRICTER, expect(403, hr=302, admin=302)),
        ("post", f"/cuti/sdm/aturan/{adjustment.pk}/hapus/", {}, expect(403, hr=302, admin=302)),
        ("post", f"/cuti/sdm/pejabat/{authority.pk}/hapus/", {}, expect(403, hr=302, admin=302)),
        ("post", f"/cuti/sdm/kesehatan/{reader.pk}/cabut/", {}, expect(403, hr=302)),
    ]


POLICY = {
    "recovery_workdays": "6",
    "recovery_letter": "psychologist",
    "recovery_letter_from_workdays": "1",
    "city": "Kota Uji",
}
STRICTER = {"regime": "PNS", "leave_type": "tahunan", "field": "min_service_months", "value": "24"}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_hr_leave_page_answers_each_persona_exactly(org, leave_data, persona):
    client = client_for(org, persona)
    got, want = {}, {}
    for method, url, form, codes in _hr_matrix(org, leave_data):
        response = client.post(url, form) if method == "post" else client.get(url)
        key = f"{method} {url} {sorted(form)}"
        got[key] = response.status_code
        want[key] = codes[persona]
    assert got == want

"""HR marks teachers and lecturers who get the school holidays (HolidayStaff): their cuti
tahunan is treated as used (PP 11/2017 Pasal 315; PP 49/2018 Pasal 81). Every change audited."""

import datetime

import pytest
from django.utils import timezone

from rehat.audit.models import Entry
from rehat.leave.models import HolidayStaff
from rehat.tests.factories import make_employee
from rehat.tests.personas import client_for


def _url(org, suffix=""):
    return f"/cuti/sdm/pegawai/{org.employee.user.code}/libur-sekolah/{suffix}"


def _entries():
    return [
        (entry.action, entry.changes)
        for entry in Entry.objects.filter(target_type="leave.holidaystaff").order_by("pk")
    ]


@pytest.mark.django_db
def test_hr_marks_changes_and_removes_a_teacher_with_audit(org):
    client = client_for(org, "hr")
    nip = org.employee.nip
    added = client.post(_url(org), {"note": " Guru SD Negeri 3 "})
    assert added.status_code == 302
    assert added.url == f"/cuti/sdm/pegawai/{org.employee.user.code}/"
    assert HolidayStaff.objects.get().note == "Guru SD Negeri 3"
    page = client.get(added.url)
    body = page.content.decode()
    assert "Ditandai mendapat libur sekolah: saldo cuti tahunan 0." in body
    annual = [
        balance for balance, _label in page.context["balances"] if balance.leave_type == "tahunan"
    ]
    assert annual[0].available == 0
    assert client.post(_url(org), {"note": "Guru SD Negeri 3"}).status_code == 302  # unchanged
    assert client.post(_url(org), {"note": "Dosen Politeknik"}).status_code == 302
    assert client.post(_url(org, "hapus/")).status_code == 302
    assert HolidayStaff.objects.count() == 0
    assert client.post(_url(org, "hapus/")).status_code == 404
    assert _entries() == [
        ("create", {"employee": nip}),
        ("update", {"employee": nip, "keterangan": "diubah"}),
        ("delete", {"employee": nip}),
    ]
    assert "Guru" not in str(list(Entry.objects.values_list("target_repr", "changes")))
    assert all(entry.actor_id == org.hr.user.pk for entry in Entry.objects.all())


@pytest.mark.django_db
def test_a_too_long_note_is_refused_on_the_employee_page(org):
    response = client_for(org, "hr").post(_url(org), {"note": "x" * 201})
    assert response.status_code == 400
    assert list(response.context["holiday_form"].errors) == ["note"]
    assert HolidayStaff.objects.count() == 0
    assert _entries() == []


@pytest.mark.django_db
def test_a_marked_teacher_is_told_before_sending_cuti_tahunan(org):
    client_for(org, "hr").post(_url(org), {"note": "Guru"})
    start = timezone.localdate() + datetime.timedelta(days=40)
    response = client_for(org, "employee").post(
        "/cuti/ajukan/periksa/", {"leave_type": "tahunan", "start": start, "end": start}
    )
    assert (
        "Guru dan dosen yang mendapat libur sekolah atau libur akademik disamakan dengan "
        "pegawai yang telah menggunakan hak cuti tahunan." in response.context["check"].problems
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_list_takes_the_same_queries_at_any_size(org, size, django_assert_num_queries):
    for n in range(size):
        teacher = make_employee(unit=org.alfa_satu)
        HolidayStaff.objects.create(employee=teacher, note=f"Guru {n}")
    client = client_for(org, "hr")
    # Session, user, roles, is-an-employee, the count, the page of rows with employee, user
    # and unit.
    with django_assert_num_queries(6):
        response = client.get("/cuti/sdm/libur-sekolah/")
    assert len(response.context["page"].object_list) == size
    body = response.content.decode()
    assert f"{size} pegawai ditandai" in body
    assert f"Guru {size - 1}" in body


@pytest.mark.django_db
def test_the_empty_list_says_so(org):
    body = client_for(org, "hr").get("/cuti/sdm/libur-sekolah/").content.decode()
    assert "Belum ada pegawai yang ditandai." in body

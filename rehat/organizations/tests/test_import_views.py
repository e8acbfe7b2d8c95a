"""The import pages: upload with dry run, templates, review, apply; who may use them."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from rehat.audit.models import Entry
from rehat.organizations.domain.imports import create_import
from rehat.organizations.models import ImportBatch, Unit
from rehat.tests.personas import PERSONAS, client_for

GOOD_UNITS = b"kode_unit,nama_unit,kode_induk\nDINKES,Dinas Kesehatan,SETDA\n"


def expected(persona, allowed=200):
    return {"hr": allowed, "admin": allowed, "anonymous": 302}.get(persona, 403)


def make_batch(content=GOOD_UNITS, actor=None):
    return create_import(kind="units", file_name="unit.csv", content=content, actor=actor)


def bad_units(count):
    """A units file with one good row and `count` rows lacking a name."""
    lines = ["kode_unit,nama_unit,kode_induk", "DINKES,Dinas Kesehatan,SETDA"]
    lines += [f"U{n},,SETDA" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["units", "employees"])
def test_start_page_is_for_hr_and_admin(org, persona, kind):
    url = reverse("organizations:import-start", args=[kind])
    response = client_for(org, persona).get(url)
    assert response.status_code == expected(persona)
    if persona == "anonymous":
        assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_template_download_is_for_hr_and_admin(org, persona):
    url = reverse("organizations:import-template", args=["employees", "csv"])
    assert client_for(org, persona).get(url).status_code == expected(persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_review_page_is_for_hr_and_admin(org, persona):
    batch = make_batch(actor=org.hr.user)
    url = reverse("organizations:import-review", args=[batch.code])
    assert client_for(org, persona).get(url).status_code == expected(persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_apply_is_for_hr_and_admin(org, persona):
    batch = make_batch(actor=org.hr.user)
    url = reverse("organizations:import-apply", args=[batch.code])
    response = client_for(org, persona).post(url)
    assert response.status_code == expected(persona, allowed=302)
    batch.refresh_from_db()
    assert (batch.applied is not None) == (persona in {"hr", "admin"})
    assert Unit.objects.filter(code="DINKES").exists() == (persona in {"hr", "admin"})


@pytest.mark.django_db
def test_unknown_kind_format_and_code_are_404(org):
    client = client_for(org, "hr")
    assert client.get("/org/impor/people/").status_code == 404
    assert client.get("/org/impor/units/templat.xls").status_code == 404
    assert client.get("/org/impor/hasil/00000000-0000-4000-8000-000000000000/").status_code == 404
    url = "/org/impor/hasil/00000000-0000-4000-8000-000000000000/terapkan/"
    assert client.post(url).status_code == 404


@pytest.mark.django_db
def test_apply_accepts_only_post(org):
    batch = make_batch()
    url = reverse("organizations:import-apply", args=[batch.code])
    assert client_for(org, "hr").get(url).status_code == 405


@pytest.mark.django_db
def test_csv_template_has_the_indonesian_headers(org):
    response = client_for(org, "hr").get("/org/impor/employees/templat.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-pegawai.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "nip",
        "jenis_pegawai",
        "nama",
        "email",
        "kode_unit",
        "jabatan",
        "nip_atasan",
        "peran",
    ]
    assert len(rows) == 3


@pytest.mark.django_db
def test_xlsx_template_keeps_nip_as_text(org):
    response = client_for(org, "admin").get("/org/impor/units/templat.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["kode_unit", "nama_unit", "kode_induk"]
    assert sheet["A2"].number_format == "@"


@pytest.mark.django_db
def test_upload_runs_the_dry_run_then_apply_changes_the_data(org):
    client = client_for(org, "hr")
    upload = SimpleUploadedFile("unit.csv", GOOD_UNITS, content_type="text/csv")
    response = client.post("/org/impor/units/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("organizations:import-review", args=[batch.code])
    assert (batch.kind, batch.file_name, batch.created_by) == ("units", "unit.csv", org.hr.user)
    assert not Unit.objects.filter(code="DINKES").exists()

    review = client.get(response.url)
    assert review.status_code == 200
    assert review.context["report"].new == 1
    assert "Terapkan" in review.content.decode()

    applied = client.post(reverse("organizations:import-apply", args=[batch.code]), follow=True)
    assert Unit.objects.filter(code="DINKES").exists()
    assert [str(m) for m in applied.context["messages"]] == [
        "Impor diterapkan: 1 baru, 0 diubah, 0 tidak berubah."
    ]
    assert "Impor diterapkan" in applied.content.decode()


@pytest.mark.django_db
def test_upload_with_file_level_problems_shows_them_on_the_form(org):
    client = client_for(org, "hr")
    cases = {
        "unit.pdf": (b"%PDF-1.4", "Jenis berkas tidak didukung."),
        "unit.csv": (b"", "Berkas kosong."),
        "unit.xlsx": (b"bukan zip", "Berkas ini bukan XLSX yang valid."),
    }
    for name, (content, start) in cases.items():
        response = client.post("/org/impor/units/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400
        [message] = response.context["form"].errors["file"]
        assert message.startswith(start)
    response = client.post(
        "/org/impor/units/", {"file": SimpleUploadedFile("u.csv", b"kode,nama\nA,B\n")}
    )
    assert response.context["form"].errors["file"] == [
        "Kolom tidak dikenal: kode, nama. Kolom yang dapat dipakai: kode_unit, nama_unit, "
        "kode_induk.",
        "Kolom wajib tidak ada: kode_unit, nama_unit. Salin judul kolom dari templat.",
    ]
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_oversized_upload_is_refused(org, settings):
    settings.REHAT_IMPORT_MAX_BYTES = 100
    response = client_for(org, "hr").post(
        "/org/impor/units/", {"file": SimpleUploadedFile("u.csv", b"x" * 101)}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("Berkas terlalu besar")


@pytest.mark.django_db
def test_review_with_errors_offers_only_the_valid_rows(org):
    batch = make_batch(bad_units(2))
    response = client_for(org, "hr").get(reverse("organizations:import-review", args=[batch.code]))
    page = response.content.decode()
    assert "Terapkan hanya baris yang valid" in page
    assert ">Terapkan<" not in page
    assert [(e.row, e.column, e.message) for e in response.context["page"]] == [
        (3, "nama_unit", "Nama unit wajib diisi."),
        (4, "nama_unit", "Nama unit wajib diisi."),
    ]


@pytest.mark.django_db
def test_apply_with_errors_needs_valid_only(org):
    batch = make_batch(bad_units(1))
    client = client_for(org, "hr")
    url = reverse("organizations:import-apply", args=[batch.code])
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Berkas ini berisi baris bermasalah, jadi tidak ada yang diubah. Perbaiki berkasnya, "
        "atau terapkan hanya baris yang valid."
    ]
    assert not Unit.objects.filter(code="DINKES").exists()
    client.post(url, {"valid_only": "on"})
    assert Unit.objects.filter(code="DINKES").exists()
    assert not Unit.objects.filter(code="U0").exists()


@pytest.mark.django_db
def test_a_second_post_does_not_apply_again(org):
    batch = make_batch()
    client = client_for(org, "hr")
    url = reverse("organizations:import-apply", args=[batch.code])
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Impor ini sudah diterapkan sebelumnya."
    ]
    assert Entry.objects.filter(action="import").count() == 1


@pytest.mark.django_db
def test_error_pages_load_as_an_htmx_partial(org):
    batch = make_batch(bad_units(150))
    url = reverse("organizations:import-review", args=[batch.code])
    response = client_for(org, "hr").get(url + "?page=2", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="errors">')
    assert len(response.context["page"]) == 50


@pytest.mark.django_db
@pytest.mark.parametrize("errors", [1, 150])
def test_review_query_count_does_not_grow_with_errors(org, django_assert_num_queries, errors):
    batch = make_batch(bad_units(errors), actor=org.hr.user)
    client = client_for(org, "hr")
    # session, user, roles, employee check, batch with its uploader
    with django_assert_num_queries(5):
        client.get(reverse("organizations:import-review", args=[batch.code]))

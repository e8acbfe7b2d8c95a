"""ABK import: template, dry run, row errors, apply, and `rehat workload compute`."""

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from rehat.audit.models import Entry
from rehat.tests.personas import client_for
from rehat.workload.domain.duty_rows import parse_number
from rehat.workload.domain.export import safe_text
from rehat.workload.domain.importer import (
    apply_duty_import,
    build_duty_template,
    check_duty_import,
    create_duty_import,
)
from rehat.workload.models import DutyImport, Position
from rehat.workload.tests.factories import make_duty, make_position

HEAD = [
    "No",
    "Kode Unit",
    "Nama Jabatan",
    "Uraian Tugas",
    "Satuan Hasil",
    "Beban Kerja",
    "Norma Waktu (menit)",
    "Jumlah Pemangku",
]


def xlsx(rows, head=HEAD):
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [1, "ALFA1", "Analis SDM", "Menyusun laporan", "Laporan", 12, 2400, 1],
    [2, "ALFA1", "Analis SDM", "Memverifikasi dokumen", "Dokumen", 1500, 17, None],
    [3, "BETA", "Pranata Komputer", "Memelihara jaringan", "Kegiatan", 100, "7,5", 2],
]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1500", D("1500")),
        ("7,5", D("7.5")),
        ("7.5", D("7.5")),
        ("1.500,25", D("1500.25")),
        ("1.500", None),
        ("abc", None),
        ("NaN", None),
    ],
)
def test_parse_number_accepts_plain_and_indonesian_decimals_only(text, value):
    assert parse_number(text=text) == value


def test_template_has_the_columns_and_a_guide_sheet():
    book = load_workbook(io.BytesIO(build_duty_template()))
    assert [c.value for c in book.worksheets[0][1]] == [
        "kode_unit",
        "jabatan",
        "uraian_tugas",
        "satuan_hasil",
        "beban_kerja",
        "norma_waktu",
        "jumlah_pemangku",
    ]
    assert len(book.worksheets) == 2


@pytest.mark.django_db
def test_dry_run_counts_positions_and_writes_nothing(org):
    report = check_duty_import(file_name="abk.xlsx", content=xlsx(GOOD), effective_minutes=None)
    assert (report.rows, report.new, report.updated, report.invalid, report.errors) == (
        3,
        2,
        0,
        0,
        [],
    )
    assert Position.objects.count() == 0


@pytest.mark.django_db
def test_row_errors_name_row_and_column_and_skip_the_whole_position(org):
    rows = [
        [1, "ALFA1", "Analis SDM", "Menyusun laporan", "Laporan", "1.500", 2400, 1],
        [2, "ALFA1", "Analis SDM", "Memverifikasi", "Dokumen", 10, 0, 2],
        [3, "ALFA1", "Analis SDM", "Rapat", "Kegiatan", 10, 60, None],
        [4, "NOPE", "Arsiparis", "Menata arsip", "Berkas", 10, 60, None],
        [5, "BETA", "Pranata", "=1+1", "Kegiatan", 10, 60, None],
        [6, "BETA", "Pengelola", "", "Kegiatan", -1, 60, None],
    ]
    report = check_duty_import(file_name="abk.xlsx", content=xlsx(rows), effective_minutes=None)
    got = [(e.row, e.column) for e in report.errors]
    assert got == [
        (2, "Beban Kerja"),
        (3, "Norma Waktu (menit)"),
        (3, "Jumlah Pemangku"),
        (4, "Nama Jabatan"),
        (5, "Kode Unit"),
        (6, "Uraian Tugas"),
        (7, "Beban Kerja"),  # "-1" is refused by the reader first, as a formula
        (7, "Uraian Tugas"),
    ]
    assert (report.new, report.invalid) == (0, 6)


@pytest.mark.django_db
def test_unknown_column_rejects_the_file(org):
    from rehat.organizations.domain.tables import FileRejected

    with pytest.raises(FileRejected) as rejected:
        check_duty_import(
            file_name="abk.xlsx",
            content=xlsx([[1, 2]], head=["Kode Unit", "Waktu Penyelesaian"]),
            effective_minutes=None,
        )
    assert "Waktu Penyelesaian" in rejected.value.messages[0]


@pytest.mark.django_db
def test_apply_replaces_duties_of_positions_in_the_file_only_and_audits(org):
    old = make_position(unit=org.alfa_satu, name="analis sdm")
    make_duty(position=old, description="Lama")
    other = make_position(unit=org.alfa_satu, name="Arsiparis")
    make_duty(position=other)
    batch = create_duty_import(
        file_name="abk.xlsx", content=xlsx(GOOD), effective_minutes=78_000, actor=org.hr.user
    )
    report = apply_duty_import(batch=batch, actor=org.hr.user)
    assert (report.new, report.updated, report.applied) == (1, 1, True)
    old.refresh_from_db()
    assert list(old.duties.values_list("description", "volume")) == [
        ("Menyusun laporan", D("12")),
        ("Memverifikasi dokumen", D("1500")),
    ]
    assert (old.incumbents, old.effective_minutes) == (1, 78_000)
    assert other.duties.count() == 1
    beta = Position.objects.get(unit=org.beta)
    assert (beta.name, beta.incumbents, beta.duties.get().minutes) == (
        "Pranata Komputer",
        2,
        D("7.5"),
    )
    assert sorted(Entry.objects.values_list("action", flat=True)) == ["create", "import", "update"]
    assert bytes(DutyImport.objects.get().content) == b""


@pytest.mark.django_db
def test_apply_twice_is_refused(org):
    from rehat.workload.domain.importer import ImportRefused

    batch = create_duty_import(
        file_name="abk.xlsx", content=xlsx(GOOD), effective_minutes=None, actor=None
    )
    apply_duty_import(batch=batch, actor=None)
    with pytest.raises(ImportRefused):
        apply_duty_import(batch=batch, actor=None)


@pytest.mark.django_db
def test_import_views_dry_run_then_apply(org):
    client = client_for(org, "hr")
    upload = io.BytesIO(xlsx(GOOD))
    upload.name = "abk.xlsx"
    response = client.post("/beban-kerja/impor/", {"file": upload, "effective_minutes": ""})
    assert response.status_code == 302
    assert Position.objects.count() == 0
    response = client.post(response.url + "terapkan/")
    assert response.status_code == 302
    assert Position.objects.count() == 2


@pytest.mark.django_db
def test_compute_command_prints_json_without_saving(org, tmp_path):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("workload", "compute", str(path), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    analis = payload["jabatan"][0]
    # 54,300 ÷ 75,000 = 0.724 → 0.72, 1 person, EJ 0.72 → C
    assert (
        analis["kebutuhan_pegawai"],
        analis["kebutuhan_pegawai_dibulatkan"],
        analis["ej"],
        analis["pj"],
    ) == ("0.72", 1, "0.72", "C")
    assert [u["kode_unit"] for u in payload["unit"]] == ["ALFA1", "BETA"]
    assert Position.objects.count() == 0


@pytest.mark.django_db
def test_compute_command_older_convention_and_row_errors(org, tmp_path):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(xlsx([*GOOD, [4, "BETA", "Arsiparis", "Menata", "Berkas", "x", 5, None]]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("workload", "compute", str(path), "--effective-minutes", "72000", stdout=out)
    text = out.getvalue()
    assert "72000" in text
    assert "Baris 5" in text


def test_safe_text_defuses_formulas():
    assert safe_text(value="=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text(value="Analis") == "Analis"

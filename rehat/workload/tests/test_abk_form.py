"""The customary ABK form layout: one sheet per jabatan, a header block above the table."""

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from rehat.organizations.domain.import_report import RowError
from rehat.organizations.domain.tables import FileRejected
from rehat.tests.factories import make_unit
from rehat.tests.personas import client_for
from rehat.workload.domain.abk_form import build_form_template, is_form_layout
from rehat.workload.domain.importer import (
    apply_duty_import,
    check_duty_import,
    create_duty_import,
)
from rehat.workload.models import Position

BOTH = ["default", "anonymous"]
TABLE_HEAD = [
    "NO",
    "URAIAN TUGAS",
    "SATUAN HASIL",
    "BEBAN KERJA (1 TAHUN)",
    "NORMA WAKTU (MENIT)",
    "WAKTU PENYELESAIAN",
    "KEBUTUHAN PEGAWAI",
]


def form_sheet(book, title, *, block, duties, head=TABLE_HEAD, footer=True):
    """Rows as agencies lay them out: a title, the numbered header block with ":" cells,
    the table with a row of column numbers, formula columns, a Jumlah row and signatures."""
    sheet = book.create_sheet(title)
    sheet.append(["FORMULIR ANALISIS BEBAN KERJA"])
    sheet.append([])
    for number, (label, value) in enumerate(block, start=1):
        sheet.append([f"{number}. {label}", ":", value])
    sheet.append([])
    sheet.append(head)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    for number, duty in enumerate(duties, start=1):
        row = sheet.max_row + 1
        sheet.append([number, *duty, f"=D{row}*E{row}", f"=F{row}/75000"])
    if footer:
        sheet.append(["JUMLAH", "", "", "", "", "=SUM(F1:F9)", ""])
        sheet.append([])
        sheet.append(["", "", "", "", "", "Kepala Bidang"])
        sheet.append(["", "", "", "", "", "NIP 197001011990031001"])
    return sheet


def book_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def two_sheets(*, bad_minutes=None):
    book = Workbook()
    book.remove(book.active)
    form_sheet(
        book,
        "Analis SDM",
        block=[
            ("Instansi", "Pemerintah Kota Contoh"),
            ("Unit Kerja", "bidang  alfa satu"),  # matched by name, case and spaces ignored
            ("Nama Jabatan", "Analis SDM"),
            ("Ikhtisar Jabatan", "Menganalisis kebutuhan pegawai."),
            ("Jumlah Pemangku", 1),
        ],
        duties=[
            ("Menyusun laporan", "Laporan", 12, 2400),
            ("Memverifikasi dokumen", "Dokumen", 1500, bad_minutes or 17),
        ],
    )
    form_sheet(
        book,
        "Pranata Komputer",
        block=[("Kode Unit", "BETA"), ("Nama Jabatan", "Pranata Komputer")],
        duties=[("Memelihara jaringan", "Kegiatan", 100, "7,5")],
    )
    guide = book.create_sheet("Petunjuk")
    guide.append(["Isi satu lembar per jabatan."])
    return book_bytes(book)


@pytest.mark.django_db(databases=BOTH)
def test_form_file_is_detected_and_read_one_position_per_sheet(org):
    content = two_sheets()
    assert is_form_layout(file_name="abk.xlsx", content=content) is True
    batch = create_duty_import(
        file_name="abk.xlsx", content=content, effective_minutes=None, actor=None
    )
    assert batch.summary["errors"] == []
    assert (batch.summary["rows"], batch.summary["new"]) == (3, 2)
    apply_duty_import(batch=batch, actor=None)
    analis = Position.objects.get(unit=org.alfa_satu)
    assert (analis.name, analis.incumbents) == ("Analis SDM", 1)
    assert [(d.description, d.result_unit, d.volume, d.minutes) for d in analis.duties.all()] == [
        ("Menyusun laporan", "Laporan", D("12"), D("2400")),
        ("Memverifikasi dokumen", "Dokumen", D("1500"), D("17")),
    ]
    beta = Position.objects.get(unit=org.beta)
    assert (beta.name, beta.incumbents, beta.duties.get().minutes) == (
        "Pranata Komputer",
        None,
        D("7.5"),
    )


@pytest.mark.django_db(databases=BOTH)
def test_form_errors_name_sheet_row_and_column_and_skip_only_that_sheet(org):
    report = check_duty_import(
        file_name="abk.xlsx", content=two_sheets(bad_minutes="1.500"), effective_minutes=None
    )
    # Rows: title 1, blank 2, block 3–7, blank 8, headings 9, numbers 10, duties 11–12.
    assert report.errors == [
        RowError(
            5,
            "Analis SDM › 3. Nama Jabatan",
            "Jabatan ini dilewati seluruhnya karena baris 12 bermasalah, "
            "agar uraian tugasnya tidak tersimpan separuh.",
        ),
        RowError(
            12,
            "Analis SDM › NORMA WAKTU (MENIT)",
            "Isi dengan angka, tanpa pemisah ribuan; desimal boleh dengan koma "
            "(misalnya 1500 atau 2,5). Tertulis: 1.500",
        ),
    ]
    assert (report.new, report.invalid, report.can_apply_valid_only) == (1, 2, True)


@pytest.mark.django_db(databases=BOTH)
def test_form_unknown_unit_and_repeated_jabatan_are_reported_in_the_header_block(org):
    book = Workbook()
    book.remove(book.active)
    for title in ("Satu", "Dua"):
        form_sheet(
            book,
            title,
            block=[("Kode Unit", "ALFA1"), ("Nama Jabatan", "Arsiparis")],
            duties=[("Menata arsip", "Berkas", 10, 30)],
        )
    form_sheet(
        book,
        "Tiga",
        block=[("Unit Kerja", "Bidang Entah"), ("Nama Jabatan", "Arsiparis")],
        duties=[("Menata arsip", "Berkas", 10, 30)],
    )
    report = check_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "Satu › 2. Nama Jabatan"),
        (4, "Dua › 2. Nama Jabatan"),
        (3, "Tiga › 1. Unit Kerja"),
    ]
    assert report.errors[0].message == (
        "Jabatan ini juga ada di lembar Dua. Satukan uraian tugasnya di satu lembar."
    )
    assert report.errors[2].message == (
        "Unit kerja Bidang Entah tidak ada di Rehat. Impor unitnya lebih dulu."
    )
    assert (report.new, report.invalid) == (0, 3)


@pytest.mark.django_db(databases=BOTH)
def test_form_same_unit_name_twice_asks_for_the_code(org):
    make_unit(code="ALFA2", name="Bidang Alfa Satu", parent=org.beta)
    book = Workbook()
    book.remove(book.active)
    form_sheet(
        book,
        "Analis",
        block=[("Unit Kerja", "Bidang Alfa Satu"), ("Nama Jabatan", "Analis")],
        duties=[("Menyusun laporan", "Laporan", 12, 2400)],
    )
    report = check_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "Analis › 1. Unit Kerja")]
    assert report.errors[0].message.startswith("Ada 2 unit kerja bernama Bidang Alfa Satu.")


@pytest.mark.django_db(databases=BOTH)
def test_form_hours_column_is_converted_and_label_cell_may_hold_the_value(org):
    book = Workbook()
    sheet = book.active
    sheet.title = "Arsiparis"
    sheet.append(["Kode Unit : ALFA1"])
    sheet.append(["Nama Jabatan: Arsiparis"])
    sheet.append(["No", "Uraian Tugas", "Satuan Hasil", "Volume", "Norma Waktu (jam)"])
    sheet.append([1, "Menata arsip", "Berkas", 10, 1.5])
    sheet.append([2, "Memindai arsip", "Berkas", 200, "0,25"])
    batch = create_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None, actor=None
    )
    assert batch.summary["errors"] == []
    apply_duty_import(batch=batch, actor=None)
    position = Position.objects.get(unit=org.alfa_satu, name="Arsiparis")
    assert [d.minutes for d in position.duties.all()] == [D("90"), D("15")]


@pytest.mark.django_db(databases=BOTH)
def test_form_formula_in_a_read_cell_is_refused_and_computed_columns_are_not_read(org):
    book = Workbook()
    book.remove(book.active)
    sheet = form_sheet(
        book,
        "Analis",
        block=[("Kode Unit", "ALFA1"), ("Nama Jabatan", "Analis")],
        duties=[("Menyusun laporan", "Laporan", 12, 2400)],
    )
    sheet["D8"] = "=12*1"
    report = check_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "Analis › 2. Nama Jabatan"),
        (8, "Analis › BEBAN KERJA (1 TAHUN)"),
    ]
    assert report.errors[1].message.startswith("Sel tidak boleh diawali =")


@pytest.mark.django_db(databases=BOTH)
def test_form_sheet_naming_a_jabatan_without_a_table_is_an_error(org):
    book = Workbook()
    sheet = book.active
    sheet.title = "Analis"
    sheet.append(["FORMULIR ANALISIS BEBAN KERJA"])
    sheet.append(["Nama Jabatan", ":", "Analis"])
    sheet.append(["No", "Tugas Pokok", "Hasil", "Jumlah"])
    with_table = book.create_sheet("Arsiparis")
    with_table.append(["Kode Unit", ":", "ALFA1"])
    with_table.append(["Nama Jabatan", ":", "Arsiparis"])
    with_table.append(["No", "Uraian Tugas", "Satuan Hasil", "Beban Kerja", "Norma Waktu"])
    with_table.append([1, "Menata arsip", "Berkas", 10, 30])
    report = check_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None
    )
    assert [(e.row, e.column) for e in report.errors] == [(1, "Analis")]
    assert report.errors[0].message.startswith("Lembar ini menyebut nama jabatan")
    assert report.new == 1


@pytest.mark.django_db(databases=BOTH)
def test_form_without_any_table_rejects_the_file(org):
    book = Workbook()
    book.active.append(["FORMULIR ANALISIS BEBAN KERJA"])
    with pytest.raises(FileRejected) as rejected:
        check_duty_import(file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None)
    assert rejected.value.messages[0].startswith("Tidak ada tabel uraian tugas di berkas ini.")


def test_flat_file_is_not_taken_for_a_form():
    book = Workbook()
    book.active.append(["kode_unit", "jabatan", "uraian_tugas"])
    assert is_form_layout(file_name="abk.xlsx", content=book_bytes(book)) is False
    assert is_form_layout(file_name="abk.csv", content=b"kode_unit\n") is False


def test_form_template_cells():
    book = load_workbook(io.BytesIO(build_form_template(effective_minutes=75_000)))
    assert book.sheetnames == ["Analis SDM", "Pranata Komputer", "Petunjuk"]
    sheet = book["Analis SDM"]
    assert sheet["A1"].value == "FORMULIR ANALISIS BEBAN KERJA"
    assert [sheet[f"A{r}"].value for r in range(3, 9)] == [
        "Instansi",
        "Kode Unit",
        "Unit Kerja",
        "Nama Jabatan",
        "Ikhtisar Jabatan",
        "Jumlah Pemangku",
    ]
    assert [sheet["B4"].value, sheet["C4"].value, sheet["C6"].value, sheet["C8"].value] == [
        ":",
        "DINKES.P2P",
        "Analis Sumber Daya Manusia Aparatur",
        "1",
    ]
    assert [c.value for c in sheet[10]] == [
        "No",
        "Uraian Tugas",
        "Satuan Hasil",
        "Beban Kerja (1 tahun)",
        "Norma Waktu (menit)",
        "Waktu Penyelesaian (menit)",
        "Kebutuhan Pegawai",
    ]
    assert [c.value for c in sheet[12]] == [
        1,
        "Menyusun laporan",
        "Laporan",
        12,
        2400,
        "=D12*E12",
        "=F12/75000",
    ]
    assert [sheet["B14"].value, sheet["F14"].value] == ["Jumlah", "=SUM(F12:F13)"]


@pytest.mark.django_db(databases=BOTH)
def test_form_template_imports_as_is(org):
    make_unit(code="DINKES.P2P", name="Bidang P2P", parent=org.root)
    report = check_duty_import(
        file_name="templat.xlsx",
        content=build_form_template(effective_minutes=75_000),
        effective_minutes=None,
    )
    assert (report.errors, report.new, report.rows) == ([], 2, 3)


@pytest.mark.django_db(databases=BOTH)
def test_form_template_download_is_for_hr(org):
    response = client_for(org, "hr").get("/beban-kerja/impor/templat-formulir.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Analis SDM"


@pytest.mark.django_db(databases=BOTH)
def test_compute_command_reads_the_form_layout(org, tmp_path):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(two_sheets())
    out = io.StringIO()
    call_command("workload", "compute", str(path), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert [
        (p["kode_unit"], p["jabatan"], p["kebutuhan_pegawai"], p["ej"], p["pj"])
        for p in payload["jabatan"]
    ] == [
        ("ALFA1", "Analis SDM", "0.72", "0.72", "C"),
        # 100 × 7.5 = 750 ÷ 75,000 = 0.01; nobody of that jabatan in BETA's records: no EJ.
        ("BETA", "Pranata Komputer", "0.01", None, None),
    ]
    assert Position.objects.count() == 0


@pytest.mark.django_db(databases=BOTH)
def test_compute_command_lists_form_errors_with_the_sheet(org, tmp_path):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(two_sheets(bad_minutes="x"))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("workload", "compute", str(path), stdout=out)
    assert "Baris 12, kolom Analis SDM › NORMA WAKTU (MENIT)" in out.getvalue()


@pytest.mark.django_db(databases=BOTH)
def test_form_unit_from_the_deepest_level_and_numbering_in_its_own_cell(org):
    book = Workbook()
    sheet = book.active
    sheet.title = "Analis"
    sheet.append(["FORMULIR ANALISIS BEBAN KERJA"])
    sheet.append(["1", "Nama Jabatan", ":", "Analis"])
    sheet.append(["2", "Unit Kerja"])
    sheet.append(["", "a.", "JPT Madya", ":", "Sekretariat Daerah"])
    sheet.append(["", "b.", "JPT Pratama", ":", "Dinas Alfa"])
    sheet.append(["", "c.", "Administrator", ":", "Bidang Alfa Satu"])
    sheet.append(["", "d.", "Pengawas", ":", "-"])
    sheet.append(["No", "Uraian Tugas", "Satuan Hasil", "Beban Kerja", "Norma Waktu (menit)"])
    sheet.append([1, "Menyusun laporan", "Laporan", 12, 2400])
    report = check_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None
    )
    assert (report.errors, report.new) == ([], 1)
    batch = create_duty_import(
        file_name="abk.xlsx", content=book_bytes(book), effective_minutes=None, actor=None
    )
    apply_duty_import(batch=batch, actor=None)
    assert Position.objects.get().unit == org.alfa_satu

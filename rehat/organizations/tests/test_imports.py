"""The import domain: reading files, the dry run, the apply, and the CLI commands."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from rehat.accounts.models import User
from rehat.audit.models import Entry
from rehat.organizations.domain.imports import (
    FileRejected,
    ImportRefused,
    RowError,
    apply_import,
    build_import_template,
    check_import,
    create_import,
)
from rehat.organizations.domain.nip import build_nip
from rehat.organizations.models import Employee, ImportBatch, Role, Unit

UNIT_HEAD = ["kode_unit", "nama_unit", "kode_induk"]
EMP_HEAD = [
    "nip",
    "jenis_pegawai",
    "nama",
    "email",
    "kode_unit",
    "jabatan",
    "nip_atasan",
    "peran",
]
# Structurally valid numbers: PNS born 1980, TMT 2005-03; PPPK born 1990, appointed 2022.
HEAD_NIP = build_nip(
    kind="PNS", birth=datetime.date(1980, 5, 17), year=2005, month=3, sex="M", seq=1
)
STAFF_NIP = build_nip(
    kind="PNS", birth=datetime.date(1988, 2, 1), year=2012, month=1, sex="F", seq=2
)
PPPK_NIP = build_nip(
    kind="PPPK", birth=datetime.date(1990, 9, 13), year=2022, code=21, sex="F", seq=14
)


def as_csv(rows, *, delimiter=",", bom=False):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def as_xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def employees_file():
    return [
        EMP_HEAD,
        [
            HEAD_NIP,
            "PNS",
            "Siti Rahmawati",
            "siti@contoh.go.id",
            "ALFA",
            "Kepala Dinas",
            "",
            "pimpinan",
        ],
        [STAFF_NIP, "PNS", "Budi Santoso", "budi@contoh.go.id", "ALFA1", "Analis", HEAD_NIP, ""],
        [PPPK_NIP, "PPPK", "Wati Lestari", "", "ALFA1", "Perawat", STAFF_NIP, "konselor, sdm"],
    ]


def errors_of(kind, rows, *, fmt="csv"):
    content = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
    return check_import(kind=kind, file_name=f"data.{fmt}", content=content).errors


def rejected(kind, file_name, content):
    with pytest.raises(FileRejected) as caught:
        check_import(kind=kind, file_name=file_name, content=content)
    return caught.value.messages


def apply_rows(kind, rows, *, fmt="csv", actor=None, valid_only=False):
    content = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
    batch = create_import(kind=kind, file_name=f"data.{fmt}", content=content, actor=actor)
    return batch, apply_import(batch=batch, actor=actor, valid_only=valid_only)


# Units


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_units_import_builds_the_tree_below_existing_units(org, fmt):
    rows = [
        UNIT_HEAD,
        ["DINKES.P2P", "Bidang P2P", "DINKES"],  # parent defined further down the file
        ["DINKES", "Dinas Kesehatan", "SETDA"],
        ["DISDIK", "Dinas Pendidikan", ""],
    ]
    batch, report = apply_rows("units", rows, fmt=fmt, actor=org.hr.user)
    assert (report.new, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    p2p = Unit.objects.get(code="DINKES.P2P")
    assert p2p.parent.code == "DINKES"
    assert p2p.ancestor_ids() == [org.root.pk, p2p.parent_id, p2p.pk]
    assert Unit.objects.get(code="DISDIK").depth == 0
    created = Entry.objects.filter(action="create", target_type="organizations.unit")
    assert sorted(created.values_list("target_repr", flat=True)) == [
        "Bidang P2P",
        "Dinas Kesehatan",
        "Dinas Pendidikan",
    ]
    assert created.get(target_repr="Dinas Kesehatan").changes == {
        "code": "DINKES",
        "name": "Dinas Kesehatan",
        "parent": "SETDA",
    }
    summary = Entry.objects.get(action="import")
    assert summary.target_id == str(batch.pk)
    assert summary.actor_name == org.hr.user.name
    assert summary.changes["new"] == 3


@pytest.mark.django_db
def test_units_reimport_of_the_same_file_changes_nothing(org):
    rows = [UNIT_HEAD, ["DINKES", "Dinas Kesehatan", "SETDA"], ["P2P", "Bidang P2P", "DINKES"]]
    apply_rows("units", rows)
    entries = Entry.objects.count()
    _, report = apply_rows("units", rows)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert Entry.objects.count() == entries + 1  # the import entry only


@pytest.mark.django_db
def test_units_update_name_and_parent_with_audit_diff(org):
    rows = [UNIT_HEAD, ["ALFA1", "Bidang Alfa Pertama", "BETA"], ["ALFA", "Dinas Alfa", "SETDA"]]
    _, report = apply_rows("units", rows)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    unit = Unit.objects.get(code="ALFA1")
    assert (unit.name, unit.parent.code) == ("Bidang Alfa Pertama", "BETA")
    assert unit.ancestor_ids() == [org.root.pk, org.beta.pk, unit.pk]
    entry = Entry.objects.get(action="update", target_type="organizations.unit")
    assert entry.changes == {
        "name": ["Bidang Alfa Satu", "Bidang Alfa Pertama"],
        "parent": ["ALFA", "BETA"],
    }


@pytest.mark.django_db
def test_units_without_parent_column_keep_their_parent(org):
    _, report = apply_rows("units", [["kode_unit", "nama_unit"], ["ALFA1", "Bidang Alfa Satu"]])
    assert (report.updated, report.unchanged) == (0, 1)
    assert Unit.objects.get(code="ALFA1").parent == org.alfa


@pytest.mark.django_db
def test_units_row_errors_name_row_column_and_problem(org):
    rows = [
        UNIT_HEAD,
        ["DINKES", "Dinas Kesehatan", "TIDAKADA"],
        ["", "Tanpa kode", ""],
        ["DINKES", "Dinas Kesehatan Lagi", ""],
        ["ANAK", "Anak dari baris bermasalah", "RUSAK"],
        ["RUSAK", "", ""],
        ["SENDIRI", "Induk sendiri", "SENDIRI"],
    ]
    assert errors_of("units", rows) == [
        RowError(
            2,
            "kode_induk",
            "Kode induk TIDAKADA tidak ditemukan, baik di berkas ini maupun di unit kerja "
            "yang sudah ada.",
        ),
        RowError(3, "kode_unit", "Kode unit wajib diisi."),
        RowError(
            4,
            "kode_unit",
            "Kode unit DINKES sudah dipakai di baris 2. Setiap unit cukup muncul sekali.",
        ),
        RowError(
            5,
            "kode_induk",
            "Unit induk RUSAK di baris 6 bermasalah. Perbaiki baris itu terlebih dahulu.",
        ),
        RowError(6, "nama_unit", "Nama unit wajib diisi."),
        RowError(7, "kode_induk", "Unit tidak boleh menjadi induk bagi dirinya sendiri."),
    ]


@pytest.mark.django_db
def test_units_cycle_in_the_file_is_an_error_on_each_row(org):
    rows = [UNIT_HEAD, ["A", "Unit A", "B"], ["B", "Unit B", "A"], ["C", "Unit C", "SETDA"]]
    report = check_import(kind="units", file_name="u.csv", content=as_csv(rows))
    message = (
        "Kode induk membuat struktur unit berputar: A → B → A. Periksa kode induk unit-unit ini."
    )
    assert report.errors == [RowError(2, "kode_induk", message), RowError(3, "kode_induk", message)]
    assert (report.new, report.invalid) == (1, 2)


@pytest.mark.django_db
def test_units_cycle_through_existing_units_is_an_error(org):
    # SETDA is the parent of ALFA in the database; making ALFA1 SETDA's parent closes a loop.
    report = check_import(
        kind="units",
        file_name="u.csv",
        content=as_csv([UNIT_HEAD, ["SETDA", "Sekretariat Daerah", "ALFA1"]]),
    )
    assert report.errors == [
        RowError(
            2,
            "kode_induk",
            "Kode induk membuat struktur unit berputar: SETDA → ALFA1 → ALFA → SETDA. "
            "Periksa kode induk unit-unit ini.",
        )
    ]


@pytest.mark.django_db
def test_units_accept_siasn_ref_unor_headers(org):
    rows = [["Id", "NamaUnor", "DiatasanId"], ["DINKES", "Dinas Kesehatan", "SETDA"]]
    report = check_import(kind="units", file_name="unor.csv", content=as_csv(rows))
    assert (report.new, report.errors) == (1, [])


# Employees


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_employees_import_creates_people_supervisors_and_roles(org, fmt):
    users_before = User.objects.count()
    batch, report = apply_rows("employees", employees_file(), fmt=fmt, actor=org.hr.user)
    assert (report.new, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    assert report.roles_granted == 3
    assert User.objects.count() == users_before + 3
    head = Employee.objects.select_related("user").get(nip=HEAD_NIP)
    staff = Employee.objects.get(nip=STAFF_NIP)
    pppk = Employee.objects.get(nip=PPPK_NIP)
    assert (head.user.name, head.user.email, head.unit, head.position) == (
        "Siti Rahmawati",
        "siti@contoh.go.id",
        org.alfa,
        "Kepala Dinas",
    )
    assert not head.user.has_usable_password()
    assert (staff.supervisor, pppk.supervisor, pppk.kind) == (head, staff, "PPPK")
    assert pppk.user.email is None
    assert sorted(Role.objects.filter(user=head.user).values_list("kind", "unit__code")) == [
        ("leader", "ALFA")
    ]
    assert sorted(Role.objects.filter(user=pppk.user).values_list("kind", flat=True)) == [
        "counselor",
        "hr",
    ]
    assert Entry.objects.filter(action="create", target_type="organizations.employee").count() == 3
    assert Entry.objects.filter(action="grant").count() == 3
    entry = Entry.objects.get(action="create", target_id=str(staff.pk))
    assert entry.changes == {
        "name": "Budi Santoso",
        "email": "budi@contoh.go.id",
        "kind": "PNS",
        "unit": "ALFA1",
        "position": "Analis",
        "supervisor": HEAD_NIP,
    }
    batch.refresh_from_db()
    assert batch.applied is not None
    assert bytes(batch.content) == b""
    assert batch.summary["applied"] is True


@pytest.mark.django_db
def test_employees_reimport_of_the_same_file_changes_nothing(org):
    apply_rows("employees", employees_file(), fmt="xlsx")
    report = check_import(kind="employees", file_name="p.xlsx", content=as_xlsx(employees_file()))
    assert (report.new, report.updated, report.unchanged, report.errors) == (0, 0, 3, [])
    assert (report.roles_granted, report.roles_revoked) == (0, 0)


@pytest.mark.django_db
def test_employees_reimport_updates_fields_and_roles(org):
    apply_rows("employees", employees_file())
    rows = employees_file()
    rows[1][7] = "sdm"  # head: pimpinan → sdm
    rows[2][5] = "Analis Ahli Muda"
    rows[3][6] = ""  # no supervisor any more
    _, report = apply_rows("employees", rows, actor=org.admin)
    assert (report.new, report.updated, report.unchanged) == (0, 3, 0)
    assert (report.roles_granted, report.roles_revoked) == (1, 1)
    head = Employee.objects.get(nip=HEAD_NIP)
    assert list(Role.objects.filter(user=head.user).values_list("kind", flat=True)) == ["hr"]
    assert Employee.objects.get(nip=STAFF_NIP).position == "Analis Ahli Muda"
    assert Employee.objects.get(nip=PPPK_NIP).supervisor is None
    revoke = Entry.objects.get(action="revoke")
    assert (revoke.target_id, revoke.changes) == (
        str(head.user.pk),
        {"role": "leader", "unit": "ALFA"},
    )
    update = Entry.objects.get(
        action="update",
        target_type="organizations.employee",
        target_id=str(Employee.objects.get(nip=STAFF_NIP).pk),
    )
    assert update.changes == {"position": ["Analis", "Analis Ahli Muda"]}


@pytest.mark.django_db
def test_employees_absent_optional_columns_leave_fields_alone(org):
    existing = org.employee
    rows = [
        ["nip", "jenis_pegawai", "nama", "kode_unit"],
        [existing.nip, "PNS", existing.user.name, "ALFA1"],
    ]
    Role.objects.create(user=existing.user, kind="counselor")
    _, report = apply_rows("employees", rows)
    assert (report.updated, report.unchanged) == (0, 1)
    existing.refresh_from_db()
    assert existing.supervisor == org.leader
    assert Role.objects.filter(user=existing.user).count() == 1


@pytest.mark.django_db
def test_employees_nip_with_spaces_and_dots(org):
    spaced = f"{HEAD_NIP[:8]} {HEAD_NIP[8:14]}.{HEAD_NIP[14]}.{HEAD_NIP[15:]}"
    rows = [
        ["nip", "jenis_pegawai", "nama", "kode_unit"],
        [spaced, "pns", "Siti", "ALFA"],
        [STAFF_NIP.replace("2012", " 2012 "), "CPNS", "Budi", "ALFA"],
    ]
    report = check_import(kind="employees", file_name="p.xlsx", content=as_xlsx(rows))
    assert (report.new, report.errors) == (2, [])


@pytest.mark.django_db
def test_employees_nip_rounded_by_excel_is_an_error(org):
    # Excel keeps 15 significant digits of a number; openpyxl writes an int that long as a float.
    rows = [["nip", "jenis_pegawai", "nama", "kode_unit"], [int(HEAD_NIP), "PNS", "Siti", "ALFA"]]
    assert errors_of("employees", rows, fmt="xlsx") == [
        RowError(
            2,
            "nip",
            "Angka ini sudah dibulatkan oleh Excel sehingga digit terakhirnya hilang. "
            "Format kolom ini sebagai Teks, lalu ketik ulang nilainya.",
        )
    ]


@pytest.mark.django_db
def test_employees_row_errors_name_row_column_and_problem(org):
    bad_sex = HEAD_NIP[:14] + "3" + HEAD_NIP[15:]
    rows = [
        EMP_HEAD,
        [bad_sex, "PNS", "Salah Kelamin", "", "ALFA", "", "", ""],
        ["12345", "PNS", "Terlalu Pendek", "", "ALFA", "", "", ""],
        [HEAD_NIP, "Honorer", "Jenis Salah", "", "ALFA", "", "", ""],
        [STAFF_NIP, "PNS", "", "bukan-email", "GAMMA", "", "", ""],
        [PPPK_NIP, "PPPK", "Wati", "", "ALFA", "", "", "admin"],
        [HEAD_NIP, "PNS", "Siti", "", "ALFA", "", "", "direktur"],
    ]
    assert errors_of("employees", rows) == [
        RowError(
            2,
            "nip",
            "Digit 15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), bukan 3.",
        ),
        RowError(3, "nip", "Harus 18 angka (spasi dan titik boleh); yang diberikan: 12345."),
        RowError(
            4, "jenis_pegawai", "Jenis pegawai Honorer tidak dikenal. Isi dengan PNS atau PPPK."
        ),
        RowError(5, "nama", "Nama wajib diisi."),
        RowError(5, "email", "Alamat email bukan-email tidak valid."),
        RowError(
            5,
            "kode_unit",
            "Kode unit GAMMA tidak ditemukan. "
            "Impor unit kerja terlebih dahulu atau periksa kodenya.",
        ),
        RowError(
            6,
            "peran",
            "Peran admin tidak dapat diimpor. Admin memberikannya lewat halaman pegawai.",
        ),
        RowError(
            7,
            "nip",
            f"NIP {HEAD_NIP} sudah muncul di baris 4. Setiap pegawai cukup muncul sekali.",
        ),
        RowError(
            7,
            "peran",
            "Peran direktur tidak dikenal. "
            "Pilihan: pimpinan, konselor, sdm (pisahkan dengan koma).",
        ),
    ]


@pytest.mark.django_db
def test_an_import_cannot_take_away_the_importers_own_hr_role(org):
    # An export in which nobody has roles: the HR officer's own row would revoke sdm.
    hr = org.hr
    rows = [EMP_HEAD, [hr.nip, hr.kind, hr.user.name, "", hr.unit.code, "", "", ""]]
    content = as_csv(rows)
    message = (
        "Baris ini mencabut peran sdm Anda sendiri. Tambahkan sdm di kolom peran, "
        "atau minta petugas SDM lain atau admin mencabutnya di halaman pegawai."
    )

    own = check_import(kind="employees", file_name="p.csv", content=content, actor=hr.user)
    batch = create_import(kind="employees", file_name="p.csv", content=content, actor=hr.user)
    report = apply_import(batch=batch, actor=hr.user, valid_only=True)

    assert own.errors == [RowError(2, "peran", message)]
    assert (report.roles_revoked, report.invalid) == (0, 1)
    assert Role.objects.filter(user=hr.user, kind="hr").exists()
    # Someone else (an admin here, or the command line) may revoke it.
    by_admin = check_import(kind="employees", file_name="p.csv", content=content, actor=org.admin)
    assert (by_admin.errors, by_admin.roles_revoked) == ([], 1)
    assert check_import(kind="employees", file_name="p.csv", content=content).errors == []


@pytest.mark.django_db
def test_employees_pppk_number_is_checked_with_the_pppk_layout(org):
    rows = [["nip", "jenis_pegawai", "nama", "kode_unit"], [PPPK_NIP, "PNS", "Wati", "ALFA"]]
    # Digits 13–14 of this NI PPPK are "21": not a month, so as a PNS NIP it is wrong.
    assert errors_of("employees", rows) == [
        RowError(2, "nip", f"Digit 9–14 (TMT CPNS) {PPPK_NIP[8:14]}: bulan harus 01–12.")
    ]


@pytest.mark.django_db
def test_employees_supervisor_errors(org):
    stranger = build_nip(kind="PNS", birth=datetime.date(1970, 1, 1), year=1995, sex="M", seq=9)
    rows = [
        EMP_HEAD,
        [HEAD_NIP, "PNS", "Siti", "", "ALFA", "", stranger, ""],
        [STAFF_NIP, "PNS", "Budi", "", "ALFA", "", STAFF_NIP, ""],
        [PPPK_NIP, "PPPK", "Wati", "", "ALFA", "", "123", ""],
    ]
    assert errors_of("employees", rows) == [
        RowError(
            2,
            "nip_atasan",
            f"Atasan dengan NIP {stranger} tidak ditemukan, baik di berkas ini maupun di "
            "data pegawai.",
        ),
        RowError(3, "nip_atasan", "Pegawai tidak boleh menjadi atasan bagi dirinya sendiri."),
        RowError(4, "nip_atasan", "NIP atasan harus 18 angka (spasi dan titik boleh)."),
    ]


@pytest.mark.django_db
def test_employees_supervisor_cycle_is_an_error_on_each_row(org):
    rows = [
        EMP_HEAD,
        [HEAD_NIP, "PNS", "Siti", "", "ALFA", "", STAFF_NIP, ""],
        [STAFF_NIP, "PNS", "Budi", "", "ALFA", "", HEAD_NIP, ""],
        [PPPK_NIP, "PPPK", "Wati", "", "ALFA", "", HEAD_NIP, ""],
    ]
    message = (
        f"Rantai atasan berputar: {HEAD_NIP} → {STAFF_NIP} → {HEAD_NIP}. "
        "Periksa kolom nip_atasan pegawai-pegawai ini."
    )
    assert errors_of("employees", rows) == [
        RowError(2, "nip_atasan", message),
        RowError(3, "nip_atasan", message),
        RowError(
            4,
            "nip_atasan",
            f"Atasan dengan NIP {HEAD_NIP} di baris 2 bermasalah. "
            "Perbaiki baris itu terlebih dahulu.",
        ),
    ]


@pytest.mark.django_db
def test_employees_supervisor_cycle_through_the_database(org):
    # In the database the employee reports to the leader; the file makes the leader report back.
    rows = [
        EMP_HEAD,
        [org.leader.nip, "PNS", org.leader.user.name, "", "ALFA", "", org.employee.nip, ""],
    ]
    assert [e.message[:22] for e in errors_of("employees", rows)] == ["Rantai atasan berputar"]


@pytest.mark.django_db
def test_employees_email_must_be_unique(org):
    rows = [
        EMP_HEAD,
        [HEAD_NIP, "PNS", "Siti", org.hr.user.email, "ALFA", "", "", ""],
        [STAFF_NIP, "PNS", "Budi", "sama@contoh.go.id", "ALFA", "", "", ""],
        [PPPK_NIP, "PPPK", "Wati", "SAMA@contoh.go.id", "ALFA", "", "", ""],
        [
            org.employee.nip,
            "PNS",
            org.employee.user.name,
            org.employee.user.email,
            "ALFA1",
            "",
            "",
            "",
        ],
    ]
    assert errors_of("employees", rows) == [
        RowError(2, "email", "Email ini sudah dipakai oleh pengguna lain."),
        RowError(
            4,
            "email",
            "Email ini sudah dipakai di baris 3. Setiap orang memerlukan email sendiri.",
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+62 812", "-1", "@SUM(A1)", "\tx"])
def test_formula_injection_cells_are_rejected(org, value):
    rows = [EMP_HEAD, [HEAD_NIP, "PNS", "Siti", "", "ALFA", value, "", ""]]
    assert errors_of("employees", rows) == [
        RowError(
            2,
            "jabatan",
            "Sel tidak boleh diawali =, +, -, @, tab, atau baris baru karena bisa dijalankan "
            "sebagai rumus. Hapus tanda di awal sel.",
        )
    ]


@pytest.mark.django_db
def test_xlsx_formula_is_never_evaluated(org):
    rows = [UNIT_HEAD, ["DINKES", "=1+1", ""]]
    report = check_import(kind="units", file_name="u.xlsx", content=as_xlsx(rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "nama_unit")]


# File-level checks


@pytest.mark.django_db
def test_file_checks_reject_wrong_type_empty_and_oversized(org, settings):
    assert rejected("units", "unit.xls", b"\xd0\xcf\x11\xe0") == [
        "Jenis berkas tidak didukung. Unggah berkas .xlsx atau .csv (di Excel: Simpan Sebagai "
        "→ Buku Kerja Excel atau CSV UTF-8)."
    ]
    assert rejected("units", "unit.csv", b"") == [
        "Berkas kosong. Pilih berkas yang berisi judul kolom dan data."
    ]
    settings.REHAT_IMPORT_MAX_BYTES = 1024 * 1024
    assert rejected("units", "unit.csv", b"x" * (1024 * 1024 + 1)) == [
        "Berkas terlalu besar (1,0 MB); batasnya 1,0 MB. Bagi berkas menjadi beberapa bagian."
    ]


@pytest.mark.django_db
def test_file_content_must_match_its_extension(org):
    xlsx = as_xlsx([UNIT_HEAD, ["A", "Unit A", ""]])
    assert rejected("units", "unit.csv", xlsx) == [
        "Berkas ini berformat XLSX tetapi bernama .csv. Ganti akhiran namanya menjadi .xlsx."
    ]
    not_xlsx = [
        "Berkas ini bukan XLSX yang valid. "
        "Simpan ulang dari Excel sebagai Buku Kerja Excel (.xlsx)."
    ]
    assert rejected("units", "unit.xlsx", as_csv([UNIT_HEAD])) == not_xlsx
    assert rejected("units", "unit.xlsx", b"PK\x03\x04rusak") == not_xlsx
    assert rejected("units", "unit.csv", "kode_unit;nama_unit\nA;Ünit".encode("latin-1")) == [
        "Berkas CSV harus berkode UTF-8. Di Excel pilih Simpan Sebagai → CSV UTF-8."
    ]


@pytest.mark.django_db
def test_file_headers_unknown_missing_and_data_less(org):
    assert rejected(
        "units", "u.csv", as_csv([["kode_unit", "nama", "catatan"], ["A", "B", "C"]])
    ) == [
        "Kolom tidak dikenal: nama, catatan. Kolom yang dapat dipakai: kode_unit, nama_unit, "
        "kode_induk.",
        "Kolom wajib tidak ada: nama_unit. Salin judul kolom dari templat.",
    ]
    assert rejected("units", "u.csv", as_csv([UNIT_HEAD, ["", "", ""]])) == [
        "Berkas hanya berisi judul kolom. Tambahkan data mulai baris 2."
    ]
    assert rejected("units", "u.csv", b"\n\n") == [
        "Berkas kosong. Baris pertama harus berisi judul kolom."
    ]


@pytest.mark.django_db
def test_csv_with_bom_semicolons_and_excel_headers_is_read(org):
    content = as_csv(
        [["Kode Unit", "Nama Unit", "Kode Induk"], ["DINKES", "Dinas; Kesehatan", "SETDA"]],
        delimiter=";",
        bom=True,
    )
    report = check_import(kind="units", file_name="UNIT.CSV", content=content)
    assert (report.new, report.errors) == (1, [])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_import_cleanly_once_their_units_exist(org, fmt):
    units = build_import_template(kind="units", fmt=fmt)
    batch = create_import(kind="units", file_name=f"t.{fmt}", content=units, actor=None)
    apply_import(batch=batch, actor=None)
    report = check_import(
        kind="employees",
        file_name=f"t.{fmt}",
        content=build_import_template(kind="employees", fmt=fmt),
    )
    assert (report.new, report.errors) == (2, [])


# Apply rules


@pytest.mark.django_db
def test_file_with_errors_changes_nothing_unless_valid_only(org):
    rows = employees_file()
    rows[3][4] = "GAMMA"  # unknown unit on row 4
    employees, users = Employee.objects.count(), User.objects.count()
    batch = create_import(kind="employees", file_name="p.csv", content=as_csv(rows), actor=None)
    with pytest.raises(ImportRefused):
        apply_import(batch=batch, actor=None)
    assert (Employee.objects.count(), User.objects.count()) == (employees, users)
    batch.refresh_from_db()
    assert batch.applied is None
    assert bytes(batch.content) == as_csv(rows)

    report = apply_import(batch=batch, actor=None, valid_only=True)
    assert (report.new, report.invalid, report.applied) == (2, 1, True)
    assert Employee.objects.count() == employees + 2
    assert not Employee.objects.filter(nip=PPPK_NIP).exists()


@pytest.mark.django_db
def test_a_batch_applies_once(org):
    batch = create_import(
        kind="units",
        file_name="u.csv",
        content=as_csv([UNIT_HEAD, ["A", "Unit A", ""]]),
        actor=None,
    )
    stale = ImportBatch.objects.get(pk=batch.pk)
    apply_import(batch=batch, actor=None)
    with pytest.raises(ImportRefused) as caught:
        apply_import(batch=stale, actor=None)
    assert caught.value.message == "Impor ini sudah diterapkan sebelumnya."
    assert Entry.objects.filter(action="import").count() == 1


@pytest.mark.django_db
def test_apply_plans_again_against_the_database_of_now(org):
    rows = [UNIT_HEAD, ["A", "Unit A", ""]]
    batch = create_import(kind="units", file_name="u.csv", content=as_csv(rows), actor=None)
    Unit.objects.create(code="A", name="Unit A", path="/x/")
    report = apply_import(batch=batch, actor=None)
    assert (report.new, report.unchanged) == (0, 1)


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_apply_leaves_nothing_half_done(org, monkeypatch):
    import rehat.organizations.domain.imports as imports

    def explode(entries):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "log_many", explode)
    batch = create_import(
        kind="employees", file_name="p.csv", content=as_csv(employees_file()), actor=None
    )
    counts = (
        User.objects.count(),
        Employee.objects.count(),
        Role.objects.count(),
        Entry.objects.count(),
    )
    with pytest.raises(RuntimeError):
        apply_import(batch=batch, actor=None)
    assert (
        User.objects.count(),
        Employee.objects.count(),
        Role.objects.count(),
        Entry.objects.count(),
    ) == counts
    batch.refresh_from_db()
    assert batch.applied is None


# Commands


@pytest.mark.django_db
def test_command_dry_run_prints_the_summary_and_changes_nothing(org, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_bytes(as_csv([UNIT_HEAD, ["DINKES", "Dinas Kesehatan", "SETDA"]]))
    out = io.StringIO()
    call_command("import_units", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "1 baru, 0 diubah, 0 tidak berubah, 0 baris bermasalah (dari 1 baris).",
        "Uji coba saja; tidak ada yang diubah. Tambahkan --apply untuk menerapkan.",
    ]
    assert not Unit.objects.filter(code="DINKES").exists()


@pytest.mark.django_db
def test_command_apply_imports_and_records_the_actor(org, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(as_xlsx(employees_file()))
    out = io.StringIO()
    call_command("import_employees", str(path), "--apply", "--actor", org.hr.user.email, stdout=out)
    assert out.getvalue().splitlines() == [
        "3 baru, 0 diubah, 0 tidak berubah, 0 baris bermasalah (dari 3 baris).",
        "Peran: 3 diberikan, 0 dicabut.",
        "Diterapkan.",
    ]
    assert Employee.objects.filter(nip__in=[HEAD_NIP, STAFF_NIP, PPPK_NIP]).count() == 3
    assert Entry.objects.get(action="import").actor == org.hr.user


@pytest.mark.django_db
def test_command_reports_row_errors_with_a_failing_exit(org, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_bytes(as_csv([UNIT_HEAD, ["DINKES", "", ""], ["DISDIK", "Dinas Pendidikan", ""]]))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_units", str(path), "--apply", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 baru, 0 diubah, 0 tidak berubah, 1 baris bermasalah (dari 2 baris).",
        "Baris 2, kolom nama_unit: Nama unit wajib diisi.",
    ]
    assert str(caught.value).startswith("Berkas ini berisi baris bermasalah")
    assert not Unit.objects.filter(code="DISDIK").exists()

    with pytest.raises(CommandError, match="1 baris bermasalah"):
        call_command("import_units", str(path), stdout=io.StringIO())

    call_command("import_units", str(path), "--apply", "--valid-only", stdout=io.StringIO())
    assert Unit.objects.filter(code="DISDIK").exists()


@pytest.mark.django_db
def test_command_rejects_bad_arguments_and_files(org, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_units", str(tmp_path / "tidak-ada.csv"))
    path = tmp_path / "unit.csv"
    path.write_bytes(as_csv([UNIT_HEAD, ["A", "Unit A", ""]]))
    with pytest.raises(CommandError, match="--valid-only hanya berlaku bersama --apply"):
        call_command("import_units", str(path), "--valid-only")
    (tmp_path / "kosong.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="Berkas kosong"):
        call_command("import_units", str(tmp_path / "kosong.csv"))


@pytest.mark.django_db
def test_damaged_files_are_rejected_not_crashed_on(org):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(as_xlsx([UNIT_HEAD, ["A", "Unit A", ""]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            body = source.read(item)
            damaged.writestr(
                item, b"<worksheet><sheetData><row" if "sheet1" in item.filename else body
            )
    assert rejected("units", "u.xlsx", buffer.getvalue()) == [
        "Berkas ini bukan XLSX yang valid. "
        "Simpan ulang dari Excel sebagai Buku Kerja Excel (.xlsx)."
    ]
    late_nul = as_csv([UNIT_HEAD] + [["A", "Unit A", ""]] * 400) + b"B,\x00,\n"
    assert rejected("units", "u.csv", late_nul) == [
        "Berkas ini bukan teks CSV. Simpan ulang sebagai CSV UTF-8."
    ]
    unclosed_quote = as_csv([UNIT_HEAD]) + b'A,"Unit A' + b"x" * 200_000
    assert rejected("units", "u.csv", unclosed_quote) == [
        "Berkas CSV ini rusak. Simpan ulang dari Excel sebagai CSV UTF-8."
    ]


@pytest.mark.django_db
def test_employees_nip_may_carry_excels_text_apostrophe(org):
    rows = [EMP_HEAD, [f"'{STAFF_NIP}", "PNS", "Budi", "", "ALFA", "", f"'{org.leader.nip}", ""]]
    report = check_import(kind="employees", file_name="p.csv", content=as_csv(rows))
    assert (report.new, report.errors) == (1, [])

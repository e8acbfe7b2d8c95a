"""The customary ABK form layout (XLSX): one sheet per jabatan, a header block above the
uraian tugas table, as agencies fill it in for their ABK.

    FORMULIR ANALISIS BEBAN KERJA
    Instansi          : Dinas Kesehatan
    Kode unit         : DINKES.P2P
    Unit kerja        : Bidang Pencegahan dan Pengendalian Penyakit
    Nama jabatan      : Analis Sumber Daya Manusia Aparatur
    Ikhtisar jabatan  : …
    Jumlah pemangku   : 1
    No | Uraian tugas | Satuan hasil | Beban kerja | Norma waktu (menit) | Waktu penyelesaian | …

Rules (docs/workload.md and the template's guide say the same to HR):
- A sheet's table starts at the first row, among its first HEADER_SCAN rows, that has the
  headings uraian tugas and beban kerja or norma waktu. A sheet without such a row is
  ignored (a guide, a recap) unless its header block names a jabatan: then it is an error.
- Header block: a row whose first text cell is a known label ("4. Nama Jabatan",
  "Unit kerja :") takes the next non-empty cell after it (a lone ":" skipped), or the text
  after ":" in the label's own cell.
- The unit is "Kode unit" when written; otherwise "Unit kerja", matched to a unit's code,
  then to its name (ignoring case and repeated spaces).
- Only the columns Rehat needs are read. Computed columns (waktu penyelesaian, waktu kerja
  efektif, kebutuhan pegawai, …) are never read, so their formulas are harmless.
- "Norma waktu (jam)" is converted to minutes (× 60) when there is no minutes column.
- The table ends at a row whose No or uraian tugas cell starts with "Jumlah" or "Total",
  or at the first row after an empty row that has neither a volume nor a standard time
  (a signature block). A row of column numbers right under the headings is skipped.
- One position per sheet; a sheet with any bad row is skipped as a whole. Errors name the
  sheet, the row as Excel shows it and the column.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rehat.organizations.domain.import_report import ErrorCollector
from rehat.organizations.domain.imports import max_import_bytes
from rehat.organizations.domain.tables import (
    MAX_ROWS,
    CellError,
    FileRejected,
    check_file,
    file_extension,
    is_formula,
    open_workbook,
)
from rehat.organizations.models import Unit
from rehat.workload.domain.duty_rows import (
    NAME_MAX,
    UNIT_CODE_MAX,
    ParsedFile,
    ParsedPosition,
    check_duty,
    check_incumbents,
    check_text,
    parse_number,
    skipped_message,
)

HEADER_SCAN = 60
NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[a-z])\s*[.)]\s+", re.IGNORECASE)
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
SEPARATOR = " › "  # between a sheet's name and a column's heading in an error
BLOCK_LABELS = {
    "nama jabatan": "jabatan",
    "jabatan": "jabatan",
    "kode unit": "kode_unit",
    "kode unit kerja": "kode_unit",
    "kode unor": "kode_unit",
    "unit kerja": "unit_kerja",
    "unit organisasi": "unit_kerja",
    "jumlah pemangku": "jumlah_pemangku",
    "jumlah pegawai": "jumlah_pemangku",
    "jumlah pegawai yang ada": "jumlah_pemangku",
    "jumlah pemangku jabatan": "jumlah_pemangku",
    # The unit hierarchy of the Anjab/ABK form, top down; the deepest filled level is the unit.
    "jpt utama": "level_1",
    "jpt madya": "level_2",
    "jpt pratama": "level_3",
    "administrator": "level_4",
    "pengawas": "level_5",
}
LEVELS = ("level_5", "level_4", "level_3", "level_2", "level_1")
EMPTY_VALUES = {"", "-", "—", "–"}
NUMBER_CELL = re.compile(r"^\(?(?:\d{1,2}|[a-z])[.)]?$", re.IGNORECASE)
TABLE_REQUIRED = ("uraian_tugas", "satuan_hasil", "beban_kerja", "norma_waktu")
END_WORDS = ("jumlah", "total")


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def table_column(heading: str) -> str | None:
    """The canonical column of a table heading, or None for a column Rehat does not read."""
    key = _squash(heading)
    if "bebankerja" in key and "normawaktu" in key:
        return None  # "beban kerja × norma waktu": a computed total
    if key in {"no", "nomor"}:
        return "no"
    if key.startswith("uraiantugas") or key in {"tugas", "rinciantugas"}:
        return "uraian_tugas"
    if key.startswith(("satuanhasil", "hasilkerja")) or key == "satuan":
        return "satuan_hasil"
    if key.startswith(("bebankerja", "volume", "target")):
        return "beban_kerja"
    if key.startswith("normawaktu"):
        return "norma_waktu_jam" if "jam" in key else "norma_waktu"
    return None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _block_label(text: str) -> tuple[str | None, str]:
    """("jabatan", "Analis SDM") from "4. Nama Jabatan : Analis SDM"; (None, "") otherwise."""
    label, _colon, rest = NUMBERING.sub("", text).partition(":")
    name = BLOCK_LABELS.get(" ".join(label.split()).casefold())
    return name, rest.strip()


def is_form_layout(*, file_name: str, content: bytes) -> bool:
    """An XLSX with a duty table below row 1 on some sheet, or with a lone title in A1.

    The flat layout has its headings in row 1; the form has its header block there. A file
    that cannot be opened is left to the flat reader, whose messages say why.
    """
    if file_extension(file_name) != "xlsx":
        return False
    try:
        workbook = open_workbook(content=content, max_bytes=max_import_bytes())
    except FileRejected:
        return False
    try:
        for index, worksheet in enumerate(workbook.worksheets):
            rows = list(worksheet.iter_rows(max_row=HEADER_SCAN, values_only=True))
            if index == 0 and rows and len([v for v in rows[0] if _cell_text(v)]) == 1:
                return True
            header_at, _columns = _find_header(rows)
            if header_at is not None:
                return header_at > 0
    except Exception:  # damaged sheet XML: the flat reader says so
        return False
    finally:
        workbook.close()
    return False


def read_form_file(*, file_name: str, content: bytes) -> ParsedFile:
    errors = check_file(file_name=file_name, size=len(content), max_bytes=max_import_bytes())
    if errors:
        raise FileRejected(errors)
    workbook = open_workbook(content=content, max_bytes=max_import_bytes())
    sheets = []
    total = 0
    try:
        for worksheet in workbook.worksheets:
            rows = []
            for values in worksheet.iter_rows(values_only=True):
                rows.append(values)
                total += 1
                if total > MAX_ROWS:
                    raise FileRejected(
                        [
                            _(
                                "Berkas berisi lebih dari %(max)s baris. "
                                "Bagi berkas menjadi beberapa bagian."
                            )
                            % {"max": MAX_ROWS}
                        ]
                    )
            sheets.append((str(worksheet.title), rows))
    except FileRejected:
        raise
    except Exception:  # damaged sheet XML surfaces only while reading the rows
        raise FileRejected(
            [
                _(
                    "Berkas ini bukan XLSX yang valid. "
                    "Simpan ulang dari Excel sebagai Buku Kerja Excel (.xlsx)."
                )
            ]
        ) from None
    finally:
        workbook.close()
    return parse_form_sheets(sheets=sheets)


@dataclass
class Sheet:
    """One sheet's position and its errors (rows are the sheet's own Excel rows)."""

    index: int
    title: str
    position: ParsedPosition
    errors: ErrorCollector
    unit_text: str = ""  # "Unit kerja" as written, when no "Kode unit" is given
    unit_cell: tuple[int, str] = (1, "")
    name_cell: tuple[int, str] = (1, "")
    sheet_error: bool = False
    duty_rows: list[int] = field(default_factory=list)


def parse_form_sheets(*, sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> ParsedFile:
    """Every sheet with a duty table becomes one position; then units are resolved and
    positions written twice are refused, and the errors are gathered in sheet order."""
    parsed = [
        sheet
        for index, (title, rows) in enumerate(sheets)
        if (sheet := _parse_sheet(index, title, rows)) is not None
    ]
    if not parsed:
        raise FileRejected(
            [
                _(
                    "Tidak ada tabel uraian tugas di berkas ini. Tabel harus berjudul kolom "
                    "No, Uraian Tugas, Satuan Hasil, Beban Kerja dan Norma Waktu (menit); "
                    "unduh templat formulir ABK untuk contohnya."
                )
            ]
        )
    _resolve_units(parsed)
    _refuse_repeats(parsed)
    result = ParsedFile([], [], rows=0, invalid=0)
    for sheet in parsed:
        position = sheet.position
        result.rows += len(sheet.duty_rows)
        if sheet.errors.bad:
            bad_duties = sorted(sheet.errors.bad.intersection(sheet.duty_rows))
            if bad_duties and not sheet.sheet_error:
                row, column = sheet.name_cell
                sheet.errors.add(row, column, skipped_message(row=bad_duties[0]))
            result.invalid += max(1, len(sheet.duty_rows))
        else:
            result.positions.append(position)
        result.errors.extend((sheet.index, error) for error in sheet.errors.errors)
    return result


def _parse_sheet(index: int, title: str, rows: Sequence[Sequence[Any]]) -> Sheet | None:
    header_at, columns = _find_header(rows)
    block = _read_block(rows[: header_at if header_at is not None else HEADER_SCAN])
    if header_at is None and "jabatan" not in block:
        return None  # a guide or a recap sheet
    cell_errors: list[CellError] = []
    label = f"{title}{SEPARATOR}"
    for row, heading, text in block.values():
        if text not in EMPTY_VALUES and is_formula(text):  # a lone "-" means "none"
            cell_errors.append(CellError(row, label + heading, _formula_message()))
    errors = ErrorCollector(cell_errors)
    sheet = Sheet(index, title, ParsedPosition("", ""), errors)
    sheet.position.sheet = index
    if header_at is None:
        sheet.sheet_error = True
        errors.add(
            1,
            title,
            _(
                "Lembar ini menyebut nama jabatan tetapi tabel uraian tugasnya tidak ditemukan. "
                "Judul kolom tabel harus memuat Uraian Tugas, Satuan Hasil, Beban Kerja dan "
                "Norma Waktu (menit)."
            ),
        )
        return sheet
    headings = {name: label + text for name, (_at, text) in columns.items()}
    missing = [name for name in TABLE_REQUIRED if name not in columns]
    if "norma_waktu" in missing and "norma_waktu_jam" in columns:
        missing.remove("norma_waktu")
    if missing:
        sheet.sheet_error = True
        names = {
            "uraian_tugas": _("Uraian Tugas"),
            "satuan_hasil": _("Satuan Hasil"),
            "beban_kerja": _("Beban Kerja"),
            "norma_waktu": _("Norma Waktu (menit)"),
        }
        errors.add(
            header_at + 1,
            title,
            _("Kolom wajib tidak ada di tabel: %(missing)s.")
            % {"missing": ", ".join(str(names[m]) for m in missing)},
        )
        return sheet
    _apply_block(sheet, block)
    _read_duties(sheet, rows, header_at, columns, headings)
    return sheet


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int | None, dict[str, tuple[int, str]]]:
    """The 0-based index of the table's header row and its columns (position, heading)."""
    for at, values in enumerate(rows[:HEADER_SCAN]):
        columns: dict[str, tuple[int, str]] = {}
        for position, value in enumerate(values):
            text = _cell_text(value)
            name = table_column(text) if text else None
            if name is not None and name not in columns:
                columns[name] = (position, " ".join(text.split()))
        if "uraian_tugas" in columns and (
            "beban_kerja" in columns or "norma_waktu" in columns or "norma_waktu_jam" in columns
        ):
            return at, columns
    return None, {}


def _read_block(rows: Sequence[Sequence[Any]]) -> dict[str, tuple[int, str, str]]:
    """Header-block values by name: (Excel row, label as written, value). First label wins."""
    found: dict[str, tuple[int, str, str]] = {}
    for at, values in enumerate(rows):
        texts = [(i, _cell_text(v)) for i, v in enumerate(values)]
        texts = [(i, t) for i, t in texts if t]
        while len(texts) > 1 and NUMBER_CELL.match(texts[0][1]):
            texts = texts[1:]  # a numbering cell ("4.", "b") before the label
        if not texts:
            continue
        first = texts[0][1]
        name, value = _block_label(first)
        if name is None or name in found:
            continue
        if not value:
            later = [t for _i, t in texts[1:] if t != ":"]
            value = later[0].lstrip(":").strip() if later else ""
        label = " ".join(first.partition(":")[0].split())
        found[name] = (at + 1, label, value)
    return found


def _apply_block(sheet: Sheet, block: dict[str, tuple[int, str, str]]) -> None:
    label = f"{sheet.title}{SEPARATOR}"
    errors, position = sheet.errors, sheet.position
    if "jabatan" in block:
        row, heading, text = block["jabatan"]
        sheet.name_cell = (row, label + heading)
        position.name = text
        check_text(
            errors,
            row,
            label + heading,
            text,
            limit=NAME_MAX,
            missing=_("Nama jabatan wajib diisi."),
        )
    else:
        sheet.name_cell = (1, sheet.title)
        errors.add(
            1,
            sheet.title,
            _("Baris Nama Jabatan tidak ditemukan di kepala formulir lembar ini."),
        )
    if "kode_unit" in block and block["kode_unit"][2]:
        row, heading, text = block["kode_unit"]
        sheet.unit_cell = (row, label + heading)
        position.unit_code = text
        check_text(
            errors,
            row,
            label + heading,
            text,
            limit=UNIT_CODE_MAX,
            missing=_("Kode unit wajib diisi."),
        )
    elif unit := _unit_line(block):
        row, heading, text = unit
        sheet.unit_cell = (row, label + heading)
        sheet.unit_text = text
        position.unit_code = text
    else:
        errors.add(
            1,
            sheet.title,
            _("Tulis Kode Unit atau Unit Kerja di kepala formulir lembar ini."),
        )
    position.unit_cells = [sheet.unit_cell]
    if "jumlah_pemangku" in block and block["jumlah_pemangku"][2]:
        row, heading, text = block["jumlah_pemangku"]
        check_incumbents(errors, row, label + heading, text, position)


def _unit_line(block: dict[str, tuple[int, str, str]]) -> tuple[int, str, str] | None:
    """ "Unit kerja" when filled in, else the deepest filled level of the unit hierarchy."""
    for name in ("unit_kerja", *LEVELS):
        if name in block and block[name][2] not in EMPTY_VALUES:
            return block[name]
    return None


def _read_duties(
    sheet: Sheet,
    rows: Sequence[Sequence[Any]],
    header_at: int,
    columns: dict[str, tuple[int, str]],
    headings: dict[str, str],
) -> None:
    hours = "norma_waktu" not in columns
    wanted = {name: at for name, (at, _text) in columns.items()}
    gap = False
    first = True
    for at in range(header_at + 1, len(rows)):
        raw = rows[at]
        number = at + 1
        values = {
            name: _cell_text(raw[position] if position < len(raw) else None)
            for name, position in wanted.items()
        }
        if first and _column_numbers(raw):
            first = False
            continue
        first = False
        if not any(values.values()):
            gap = True
            continue
        if any(values.get(n, "").casefold().startswith(END_WORDS) for n in ("no", "uraian_tugas")):
            break
        if gap and not values.get("beban_kerja") and not _minutes_text(values, hours):
            break  # a signature block under the table
        rejected = False
        for name, text in values.items():
            if name != "no" and is_formula(text):
                sheet.errors.add(number, headings[name], _formula_message())
                sheet.errors.rejected_cells.add((number, headings[name]))
                rejected = True
        sheet.duty_rows.append(number)
        sheet.position.rows.append(number)
        if rejected:
            continue
        duty_values = {
            "uraian_tugas": values["uraian_tugas"],
            "satuan_hasil": values["satuan_hasil"],
            "beban_kerja": values["beban_kerja"],
            "norma_waktu": _minutes_text(values, hours),
        }
        head = {
            "uraian_tugas": headings["uraian_tugas"],
            "satuan_hasil": headings["satuan_hasil"],
            "beban_kerja": headings["beban_kerja"],
            "norma_waktu": headings["norma_waktu_jam" if hours else "norma_waktu"],
        }
        duty = check_duty(sheet.errors, number, duty_values, head, sheet.position)
        if duty is not None:
            sheet.position.duties.append(duty)
    if not sheet.duty_rows:
        sheet.sheet_error = True
        sheet.errors.add(
            header_at + 1,
            sheet.title,
            _("Tabel uraian tugas di lembar ini kosong."),
        )


def _minutes_text(values: dict[str, str], hours: bool) -> str:
    """The standard time in minutes as text; hours are converted (1,5 jam → 90)."""
    if not hours:
        return values.get("norma_waktu", "")
    text = values.get("norma_waktu_jam", "")
    number = parse_number(text=text) if text else None
    if number is None:
        return text  # the check reports it as written
    return f"{(number * 60).normalize():f}"


def _column_numbers(raw: Sequence[Any]) -> bool:
    texts = [_cell_text(v) for v in raw]
    texts = [t for t in texts if t]
    return len(texts) >= 2 and all(COLUMN_NUMBER.match(t) for t in texts)


def _formula_message() -> str:
    return _(
        "Sel tidak boleh diawali =, +, -, @, tab, atau baris baru karena bisa "
        "dijalankan sebagai rumus. Hapus tanda di awal sel."
    )


def _resolve_units(sheets: list[Sheet]) -> None:
    """ "Unit kerja" as written → a unit code: an exact code first, then a unique name."""
    texts = {s.unit_text for s in sheets if s.unit_text}
    if not texts:
        return
    lowered = {" ".join(t.split()).casefold() for t in texts}
    units = list(
        Unit.objects.annotate(lname=Lower("name"))
        .filter(Q(code__in=texts) | Q(lname__in=lowered))
        .values_list("code", "name")
    )
    codes = {code for code, _name in units}
    by_name: dict[str, list[str]] = {}
    for code, name in units:
        by_name.setdefault(" ".join(name.split()).casefold(), []).append(code)
    for sheet in sheets:
        if not sheet.unit_text:
            continue
        if sheet.unit_text in codes:
            sheet.position.unit_code = sheet.unit_text
            continue
        matches = by_name.get(" ".join(sheet.unit_text.split()).casefold(), [])
        if len(matches) == 1:
            sheet.position.unit_code = matches[0]
        elif len(matches) > 1:
            row, column = sheet.unit_cell
            sheet.errors.add(
                row,
                column,
                _(
                    "Ada %(n)s unit kerja bernama %(name)s. Tambahkan baris Kode Unit di "
                    "kepala formulir agar jelas unit yang dimaksud."
                )
                % {"n": len(matches), "name": sheet.unit_text},
            )


def _refuse_repeats(sheets: list[Sheet]) -> None:
    """A jabatan of a unit on two sheets: both are refused, none is saved half."""
    seen: dict[tuple[str, str], Sheet] = {}
    for sheet in sheets:
        if not sheet.position.name or not sheet.position.unit_code:
            continue
        key = (sheet.position.unit_code, " ".join(sheet.position.name.split()).casefold())
        earlier = seen.setdefault(key, sheet)
        if earlier is sheet:
            continue
        for one, other in ((sheet, earlier), (earlier, sheet)):
            row, column = one.name_cell
            one.errors.add(
                row,
                column,
                _(
                    "Jabatan ini juga ada di lembar %(sheet)s. Satukan uraian tugasnya di satu lembar."
                )
                % {"sheet": other.title},
            )


# The downloadable template in this layout.

FORM_EXAMPLES = (
    (
        "Analis SDM",
        "DINKES.P2P",
        "Bidang Pencegahan dan Pengendalian Penyakit",
        "Analis Sumber Daya Manusia Aparatur",
        "Menganalisis kebutuhan dan pengembangan pegawai.",
        "1",
        (
            ("Menyusun laporan", "Laporan", 12, 2400),
            ("Memverifikasi dokumen kepegawaian", "Dokumen", 1500, 17),
        ),
    ),
    (
        "Pranata Komputer",
        "DINKES.P2P",
        "Bidang Pencegahan dan Pengendalian Penyakit",
        "Pranata Komputer",
        "Memelihara sistem dan jaringan komputer.",
        "",
        (("Memelihara jaringan", "Kegiatan", 100, 7.5),),
    ),
)
FORM_GUIDE = (
    gettext_lazy(
        "Satu lembar untuk satu jabatan. Salin lembar contoh, ganti namanya, lalu isi kepala "
        "formulir dan tabel uraian tugasnya. Lembar tanpa tabel uraian tugas (seperti lembar "
        "petunjuk ini) tidak dibaca."
    ),
    gettext_lazy(
        "Kepala formulir dibaca dari baris berlabel Kode Unit, Unit Kerja, Nama Jabatan dan "
        "Jumlah Pemangku. Kode Unit sama dengan kode unit kerja di Rehat; bila kosong, Unit "
        "Kerja dicocokkan dengan kode atau nama unit di Rehat."
    ),
    gettext_lazy(
        "Nama Jabatan ditulis sama dengan kolom jabatan di data pegawai agar pemangkunya "
        "terhitung otomatis. Kosongkan Jumlah Pemangku untuk memakai hitungan dari data pegawai."
    ),
    gettext_lazy(
        "Tabel dibaca dari kolom Uraian Tugas, Satuan Hasil, Beban Kerja (volume per tahun) "
        "dan Norma Waktu (menit); Norma Waktu (jam) juga boleh. Kolom lain, seperti Waktu "
        "Penyelesaian dan Kebutuhan Pegawai, tidak dibaca: Rehat menghitungnya sendiri."
    ),
    gettext_lazy(
        "Tabel berakhir di baris Jumlah. Angka tanpa pemisah ribuan; desimal boleh dengan koma "
        "(2,5). Sel yang dibaca tidak boleh berisi rumus."
    ),
)


def build_form_template(*, effective_minutes: int) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, code, unit, name, summary, incumbents, duties in FORM_EXAMPLES:
        _write_form_sheet(
            workbook.create_sheet(title),
            block=(
                (_("Instansi"), "Dinas Kesehatan"),
                (_("Kode Unit"), code),
                (_("Unit Kerja"), unit),
                (_("Nama Jabatan"), name),
                (_("Ikhtisar Jabatan"), summary),
                (_("Jumlah Pemangku"), incumbents),
            ),
            duties=duties,
            effective_minutes=effective_minutes,
        )
    guide = workbook.create_sheet(_("Petunjuk"))
    for line in FORM_GUIDE:
        guide.append([str(line)])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_form_sheet(
    sheet: Any,
    *,
    block: Sequence[tuple[str, str]],
    duties: Sequence[tuple[str, str, float, float]],
    effective_minutes: int,
) -> None:
    sheet.append([_("FORMULIR ANALISIS BEBAN KERJA")])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    for label, value in block:
        sheet.append([label, ":", value])
        sheet.cell(row=sheet.max_row, column=3).number_format = "@"
    sheet.append([])
    sheet.append(
        [
            "No",
            _("Uraian Tugas"),
            _("Satuan Hasil"),
            _("Beban Kerja (1 tahun)"),
            _("Norma Waktu (menit)"),
            _("Waktu Penyelesaian (menit)"),
            _("Kebutuhan Pegawai"),
        ]
    )
    header = sheet.max_row
    sheet.append([f"({n})" for n in range(1, 8)])
    for number, (description, result_unit, volume, minutes) in enumerate(duties, start=1):
        row = sheet.max_row + 1
        sheet.append(
            [
                number,
                description,
                result_unit,
                volume,
                minutes,
                f"=D{row}*E{row}",
                f"=F{row}/{effective_minutes}",
            ]
        )
    first, last = header + 2, sheet.max_row
    sheet.append(
        ["", _("Jumlah"), "", "", "", f"=SUM(F{first}:F{last})", f"=SUM(G{first}:G{last})"]
    )
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate((18, 44, 16, 14, 14, 16, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=first, min_col=7, max_col=7):
        for cell in line:
            cell.number_format = "0.00"


def describe_form() -> list[str]:
    return [str(line) for line in FORM_GUIDE]

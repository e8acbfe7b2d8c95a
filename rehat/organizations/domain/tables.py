"""Reading an uploaded CSV or XLSX file into rows of text, safely.

File-level problems (wrong type, empty, too large, bad encoding, unknown or
missing headers) raise FileRejected with every message at once. Cell-level
problems (a formula-injection cell, a number Excel has rounded) are returned per
cell so that the caller can report them with the rest of that row's errors.

Row numbers are the ones the user sees in Excel: the header is row 1. Formulas are
never evaluated: openpyxl returns a formula cell as its text ("=SUM(...)"), which
the injection check then rejects.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# OWASP CSV injection: a spreadsheet may treat a cell starting with these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A zip bomb guard: the unpacked XLSX may be this many times the upload limit.
MAX_UNPACKED_RATIO = 10
MAX_ROWS = 200_000
# Integers above this cannot be stored exactly as an Excel number (15 significant digits).
EXACT_FLOAT_LIMIT = 10**15


class FileRejected(Exception):
    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str


@dataclass
class Table:
    """Rows keyed by canonical column name; `headers` maps canonical name → header as written."""

    headers: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]
    cell_errors: list[CellError] = field(default_factory=list)


def check_file(*, file_name: str, size: int, max_bytes: int) -> list[str]:
    """The checks that need no reading: extension, emptiness and size."""
    errors = []
    if file_extension(file_name) not in {"csv", "xlsx"}:
        errors.append(
            _(
                "Jenis berkas tidak didukung. Unggah berkas .xlsx atau .csv "
                "(di Excel: Simpan Sebagai → Buku Kerja Excel atau CSV UTF-8)."
            )
        )
    if size == 0:
        errors.append(_("Berkas kosong. Pilih berkas yang berisi judul kolom dan data."))
    elif size > max_bytes:
        errors.append(
            _(
                "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. "
                "Bagi berkas menjadi beberapa bagian."
            )
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes)}
        )
    return errors


def read_table(
    *,
    file_name: str,
    content: bytes,
    max_bytes: int,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str],
) -> Table:
    """Read the file, map its headers to `columns` and return its non-empty rows."""
    errors = check_file(file_name=file_name, size=len(content), max_bytes=max_bytes)
    if errors:
        raise FileRejected(errors)
    if file_extension(file_name) == "xlsx":
        raw_rows = _xlsx_rows(content, max_bytes)
    else:
        raw_rows = _csv_rows(content)
    return _build_table(raw_rows, columns=columns, required=required, aliases=aliases)


def file_extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def normalize_header(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def is_formula(value: str) -> bool:
    return value.startswith(FORMULA_START) or value.lstrip(" ").startswith(FORMULA_START)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _csv_rows(content: bytes) -> Iterator[Sequence[Any]]:
    if content.startswith(b"PK\x03\x04"):
        raise FileRejected(
            [
                _(
                    "Berkas ini berformat XLSX tetapi bernama .csv. "
                    "Ganti akhiran namanya menjadi .xlsx."
                )
            ]
        )
    if b"\x00" in content:
        raise FileRejected([_("Berkas ini bukan teks CSV. Simpan ulang sebagai CSV UTF-8.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(
            [_("Berkas CSV harus berkode UTF-8. Di Excel pilih Simpan Sebagai → CSV UTF-8.")]
        ) from None
    first_line = text.split("\n", 1)[0]
    # Excel with Indonesian regional settings writes ";" as the list separator.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _csv_reader(text, delimiter)


def _csv_reader(text: str, delimiter: str) -> Iterator[Sequence[Any]]:
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:  # a NUL byte or a runaway quoted field
        raise FileRejected(
            [_("Berkas CSV ini rusak. Simpan ulang dari Excel sebagai CSV UTF-8.")]
        ) from None


def _not_xlsx() -> str:
    return _(
        "Berkas ini bukan XLSX yang valid. "
        "Simpan ulang dari Excel sebagai Buku Kerja Excel (.xlsx)."
    )


def open_workbook(*, content: bytes, max_bytes: int) -> Any:
    """The workbook, read-only and with formulas as text, after checking that the file is a
    real XLSX and not a zip bomb; FileRejected otherwise. Shared with the ABK form import."""
    not_xlsx = _not_xlsx()
    if not content.startswith(b"PK\x03\x04"):
        raise FileRejected([not_xlsx])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRejected([not_xlsx]) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRejected([not_xlsx])
    if unpacked > max_bytes * MAX_UNPACKED_RATIO:
        raise FileRejected(
            [
                _(
                    "Isi berkas XLSX terlalu besar setelah dibuka. "
                    "Bagi berkas menjadi beberapa bagian."
                )
            ]
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for damaged files
        raise FileRejected([not_xlsx]) from None


def _xlsx_rows(content: bytes, max_bytes: int) -> Iterator[Sequence[Any]]:
    workbook = open_workbook(content=content, max_bytes=max_bytes)
    return _sheet_rows(workbook, _not_xlsx())


def _sheet_rows(workbook: Any, not_xlsx: str) -> Iterator[Sequence[Any]]:
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except FileRejected:
        raise
    except Exception:  # damaged sheet XML surfaces only while reading the rows
        raise FileRejected([not_xlsx]) from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> tuple[str, bool]:
    """The cell as text, and whether Excel has already lost digits of a long number."""
    if value is None:
        return "", False
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("1" if value else "0"), False
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), abs(value) >= EXACT_FLOAT_LIMIT
        return str(value), False
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10], False
    return str(value), False


def _build_table(
    raw_rows: Iterator[Sequence[Any]],
    *,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str],
) -> Table:
    header_row: Sequence[Any] | None = next(raw_rows, None)
    if header_row is None or not any(_cell_text(v)[0].strip() for v in header_row):
        raise FileRejected([_("Berkas kosong. Baris pertama harus berisi judul kolom.")])
    headers, index = _map_headers(header_row, columns=columns, required=required, aliases=aliases)
    table = Table(headers=headers, rows=[])
    for number, raw in enumerate(raw_rows, start=2):
        if number > MAX_ROWS + 1:
            raise FileRejected(
                [
                    _(
                        "Berkas berisi lebih dari %(max)s baris. "
                        "Bagi berkas menjadi beberapa bagian."
                    )
                    % {"max": MAX_ROWS}
                ]
            )
        row = _read_row(number, raw, index, headers, table.cell_errors)
        if row is not None:
            table.rows.append((number, row))
    if not table.rows:
        raise FileRejected([_("Berkas hanya berisi judul kolom. Tambahkan data mulai baris 2.")])
    return table


def _read_row(
    number: int,
    raw: Sequence[Any],
    index: Mapping[str, int],
    headers: Mapping[str, str],
    cell_errors: list[CellError],
) -> dict[str, str] | None:
    row: dict[str, str] = {}
    errors: list[CellError] = []
    for name, position in index.items():
        text, rounded = _cell_text(raw[position] if position < len(raw) else None)
        if rounded:
            errors.append(
                CellError(
                    number,
                    headers[name],
                    _(
                        "Angka ini sudah dibulatkan oleh Excel sehingga digit terakhirnya hilang. "
                        "Format kolom ini sebagai Teks, lalu ketik ulang nilainya."
                    ),
                )
            )
        elif is_formula(text):
            errors.append(
                CellError(
                    number,
                    headers[name],
                    _(
                        "Sel tidak boleh diawali =, +, -, @, tab, atau baris baru karena bisa "
                        "dijalankan sebagai rumus. Hapus tanda di awal sel."
                    ),
                )
            )
        row[name] = text.strip()
    if not any(row.values()) and not errors:
        return None  # Excel often keeps formatted but empty rows at the end
    cell_errors.extend(errors)
    return row


def _map_headers(
    header_row: Sequence[Any],
    *,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str],
) -> tuple[dict[str, str], dict[str, int]]:
    headers: dict[str, str] = {}
    index: dict[str, int] = {}
    unknown, repeated = [], []
    for position, value in enumerate(header_row):
        written = _cell_text(value)[0].strip()
        if not written:
            continue
        key = normalize_header(written)
        name = key if key in columns else aliases.get(key.replace("_", ""))
        if name is None:
            unknown.append(written)
        elif name in index:
            repeated.append(written)
        else:
            headers[name], index[name] = written, position
    errors = []
    if unknown:
        errors.append(
            _("Kolom tidak dikenal: %(unknown)s. Kolom yang dapat dipakai: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(columns)}
        )
    if repeated:
        errors.append(
            _("Kolom muncul lebih dari sekali: %(repeated)s. Hapus salinannya.")
            % {"repeated": ", ".join(repeated)}
        )
    missing = [name for name in required if name not in index]
    if missing:
        errors.append(
            _("Kolom wajib tidak ada: %(missing)s. Salin judul kolom dari templat.")
            % {"missing": ", ".join(missing)}
        )
    if errors:
        raise FileRejected(errors)
    return headers, index


def write_csv(*, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM, so that Excel shows the Indonesian text correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    *,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    notes: Sequence[tuple[str, str]] = (),
) -> bytes:
    """One data sheet with every column formatted as text (so Excel keeps all 18 digits of a
    NIP) and, when given, a second sheet explaining the columns. Imports read the first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Data")
    sheet.append(list(columns))
    for row in rows:
        sheet.append(list(row))
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(name) + 4)
        sheet.column_dimensions[letter].number_format = "@"
        sheet.cell(row=1, column=index).font = Font(bold=True)
        for line in range(2, len(rows) + 2):
            sheet.cell(row=line, column=index).number_format = "@"
    if notes:
        guide = workbook.create_sheet(_("Petunjuk"))
        guide.append([_("Kolom"), _("Isi")])
        for name, text in notes:
            guide.append([name, text])
        guide.column_dimensions["A"].width = 18
        guide.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

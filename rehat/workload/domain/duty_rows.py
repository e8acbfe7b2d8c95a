"""What both ABK file layouts (the flat table and the customary form) parse into, and the
checks of one duty's cells. Errors go to an ErrorCollector keyed by the row Excel shows.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rehat.organizations.domain.import_report import ErrorCollector, RowError
from rehat.workload.domain import abk
from rehat.workload.domain.editing import DutyData
from rehat.workload.models import MAX_MINUTES, MAX_VOLUME, Duty, Position

UNIT_CODE_MAX = 40
NAME_MAX = Position._meta.get_field("name").max_length or 200
DESCRIPTION_MAX = Duty._meta.get_field("description").max_length or 500
RESULT_UNIT_MAX = Duty._meta.get_field("result_unit").max_length or 100
MAX_INCUMBENTS = 100_000
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass
class ParsedPosition:
    unit_code: str
    name: str
    rows: list[int] = field(default_factory=list)
    duties: list[DutyData] = field(default_factory=list)
    incumbents: int | None = None
    # Where a problem with the unit is reported: each row's unit cell (flat layout) or
    # the unit line of the sheet's header block (form layout).
    unit_cells: list[tuple[int, str]] = field(default_factory=list)
    sheet: int = 0  # the sheet's position in the workbook, to order the errors


@dataclass
class ParsedFile:
    """Valid positions in file order, every error (with its sheet's index) and the counts."""

    positions: list[ParsedPosition]
    errors: list[tuple[int, RowError]]
    rows: int
    invalid: int

    def add_error(self, sheet: int, row: int, column: str, message: str) -> None:
        self.errors.append((sheet, RowError(row, column, message)))

    def sorted_errors(self) -> list[RowError]:
        return [error for _sheet, error in sorted(self.errors, key=lambda e: (e[0], e[1].row))]


def parse_number(*, text: str) -> Decimal | None:
    """A plain or Indonesian decimal ("7,5"); None when it is not one or is ambiguous.

    "1.500" is refused: in Indonesian it is fifteen hundred, in Excel's English one and a half.
    """
    value = text.strip().replace(" ", "")
    if THOUSANDS.match(value):
        return None
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number


def check_text(
    errors: ErrorCollector, row: int, column: str, text: str, *, limit: int, missing: str
) -> None:
    if not text:
        errors.add(row, column, missing)
    elif len(text) > limit:
        errors.add(
            row, column, _("Terlalu panjang: paling banyak %(max)s karakter.") % {"max": limit}
        )


def check_number(
    errors: ErrorCollector, row: int, column: str, text: str, *, low: Decimal, high: Decimal
) -> Decimal | None:
    value = parse_number(text=text) if text else None
    if value is None:
        errors.add(
            row,
            column,
            _(
                "Isi dengan angka, tanpa pemisah ribuan; desimal boleh dengan koma "
                "(misalnya 1500 atau 2,5). Tertulis: %(text)s"
            )
            % {"text": text or "—"},
        )
        return None
    if value < low or value > high:
        errors.add(
            row,
            column,
            _("Angka harus antara %(low)s dan %(high)s.") % {"low": low, "high": f"{high:,.0f}"},
        )
        return None
    if value != value.quantize(abk.TWO_PLACES):
        errors.add(row, column, _("Paling banyak dua angka di belakang koma."))
        return None
    return value


def check_incumbents(
    errors: ErrorCollector, row: int, column: str, text: str, position: ParsedPosition
) -> None:
    """Sets the position's incumbents from `text`, once; a second, different value is an error."""
    if not text.isdigit() or int(text) > MAX_INCUMBENTS:
        errors.add(row, column, _("Isi dengan bilangan bulat 0 atau lebih, atau kosongkan."))
        return
    value = int(text)
    if position.incumbents is not None and position.incumbents != value:
        errors.add(
            row,
            column,
            _("Jumlah pemangku jabatan ini sudah ditulis %(value)s di baris sebelumnya.")
            % {"value": position.incumbents},
        )
        return
    position.incumbents = value


def check_duty(
    errors: ErrorCollector,
    number: int,
    values: dict[str, str],
    head: dict[str, str],
    position: ParsedPosition,
) -> DutyData | None:
    """One duty's cells (both layouts); `head` maps a column to its heading as written."""
    check_text(
        errors,
        number,
        head["uraian_tugas"],
        values["uraian_tugas"],
        limit=DESCRIPTION_MAX,
        missing=_("Uraian tugas wajib diisi."),
    )
    check_text(
        errors,
        number,
        head["satuan_hasil"],
        values["satuan_hasil"],
        limit=RESULT_UNIT_MAX,
        missing=_("Satuan hasil wajib diisi."),
    )
    volume = check_number(
        errors, number, head["beban_kerja"], values["beban_kerja"], low=Decimal(0), high=MAX_VOLUME
    )
    minutes = check_number(
        errors,
        number,
        head["norma_waktu"],
        values["norma_waktu"],
        low=Decimal("0.01"),
        high=MAX_MINUTES,
    )
    if values.get("jumlah_pemangku"):
        check_incumbents(
            errors, number, head["jumlah_pemangku"], values["jumlah_pemangku"], position
        )
    if number in errors.bad or volume is None or minutes is None:
        return None
    return DutyData(None, values["uraian_tugas"], values["satuan_hasil"], volume, minutes)


def skipped_message(*, row: int) -> str:
    return _(
        "Jabatan ini dilewati seluruhnya karena baris %(row)s bermasalah, "
        "agar uraian tugasnya tidak tersimpan separuh."
    ) % {"row": row}

"""Form D (kebutuhan pegawai, EJ, PJ) as XLSX for e-Formasi, and the raw numbers as CSV.

Text from users (unit and position names) is written as text, never as a formula: a
name starting with = + - @ gets a leading apostrophe, as OWASP advises for CSV injection.
"""

import io
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rehat.organizations.domain.tables import is_formula, write_csv
from rehat.workload.domain import abk
from rehat.workload.domain.report import UnitRow
from rehat.workload.models import Policy

EXACT_PLACES = Decimal("0.000001")


def safe_text(*, value: str) -> str:
    return f"'{value}" if is_formula(value) else value


def describe_definition(*, policy: Policy) -> str:
    if policy.ej_definition == abk.INCUMBENT_PER_REQUIRED:
        return _("pegawai yang ada ÷ kebutuhan pegawai")
    return _("kebutuhan pegawai ÷ pegawai yang ada")


def describe_scale(*, policy: Policy) -> str:
    values = {
        "a": policy.threshold_a,
        "b": policy.threshold_b,
        "c": policy.threshold_c,
        "d": policy.threshold_d,
    }
    if policy.grade_scale == abk.FOUR_GRADES:
        return _("A bila EJ ≥ %(a)s; B bila ≥ %(b)s; C bila ≥ %(c)s; selain itu D") % values
    return (
        _("A bila EJ > %(a)s; B bila ≥ %(b)s; C bila ≥ %(c)s; D bila ≥ %(d)s; selain itu E")
        % values
    )


def _form_d_columns() -> list[str]:
    return [
        "No",  # the form's own heading; _("No") would be "Tidak"
        _("Unit kerja"),
        _("Nama jabatan"),
        _("Jumlah beban kerja (menit per tahun)"),
        _("Waktu kerja efektif (menit per tahun)"),
        _("Kebutuhan pegawai"),
        _("Kebutuhan pegawai (dibulatkan)"),
        _("Jumlah pegawai yang ada"),
        _("Kekurangan (+) / kelebihan (−)"),
        _("EJ"),
        _("PJ"),
    ]


def _numbers(result: abk.Result) -> list[object]:
    return [
        float(result.workload_minutes),
        None,
        float(result.required),
        result.required_people,
        result.incumbents,
        result.gap,
        float(result.ej) if result.ej is not None else None,
        result.grade or None,
    ]


def build_form_d(
    *, rows: Sequence[UnitRow], policy: Policy, agency: str, total: abk.Result | None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Form D")
    sheet.append([_("FORMULIR D")])
    sheet.append(
        [
            _(
                "PERHITUNGAN KEBUTUHAN PEGAWAI, TINGKAT EFISIENSI JABATAN (EJ) "
                "DAN PRESTASI KERJA JABATAN (PJ)"
            )
        ]
    )
    sheet.append([_("Instansi"), safe_text(value=agency)])
    sheet.append(
        [
            _("Waktu kerja efektif"),
            _("%(minutes)s menit per tahun, kecuali tertulis lain per jabatan")
            % {"minutes": policy.effective_minutes},
        ]
    )
    sheet.append([_("EJ"), describe_definition(policy=policy)])
    sheet.append([_("PJ"), describe_scale(policy=policy)])
    sheet.append([])
    columns = _form_d_columns()
    sheet.append(columns)
    header_row = sheet.max_row
    number = 0
    for unit_row in rows:
        if unit_row.total is None:
            continue
        for position_row in unit_row.positions:
            number += 1
            values = _numbers(position_row.result)
            values[1] = position_row.effective_minutes
            sheet.append(
                [
                    number,
                    safe_text(value=unit_row.unit.name),
                    safe_text(value=position_row.position.name),
                    *values,
                ]
            )
        label = _("Jumlah %(unit)s") % {"unit": unit_row.unit.name}
        sheet.append(["", safe_text(value=label), "", *_numbers(unit_row.total)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    if total is not None:
        sheet.append(["", _("Jumlah seluruhnya"), "", *_numbers(total)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    widths = [6, 30, 36, 18, 16, 14, 14, 14, 16, 10, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        header = sheet.cell(row=header_row, column=index)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=header_row + 1, min_col=6, max_col=6):
        for cell in line:
            cell.number_format = "0.00"
    for line in sheet.iter_rows(min_row=header_row + 1, min_col=10, max_col=10):
        for cell in line:
            cell.number_format = "0.00"
    sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_COLUMNS = (
    "kode_unit",
    "unit",
    "jabatan",
    "beban_kerja_menit",
    "waktu_kerja_efektif_menit",
    "kebutuhan_pegawai_tepat",
    "kebutuhan_pegawai",
    "kebutuhan_pegawai_dibulatkan",
    "jumlah_pemangku",
    "sumber_jumlah_pemangku",
    "selisih",
    "ej",
    "pj",
)


def build_raw_csv(*, rows: Sequence[UnitRow]) -> bytes:
    """One line per position; decimals with a dot, the exact kebutuhan to six places."""
    lines = []
    for unit_row in rows:
        for p in unit_row.positions:
            r = p.result
            source = _("ditetapkan") if p.incumbents_overridden else _("data pegawai")
            lines.append(
                [
                    safe_text(value=unit_row.unit.code),
                    safe_text(value=unit_row.unit.name),
                    safe_text(value=p.position.name),
                    f"{r.workload_minutes:f}",
                    str(p.effective_minutes),
                    f"{r.required_exact.quantize(EXACT_PLACES, rounding=ROUND_HALF_UP):f}",
                    f"{r.required:f}",
                    str(r.required_people),
                    str(r.incumbents),
                    source,
                    str(r.gap),
                    f"{r.ej:f}" if r.ej is not None else "",
                    r.grade,
                ]
            )
    return write_csv(columns=CSV_COLUMNS, rows=lines)

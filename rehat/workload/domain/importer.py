"""Import of ABK duties from CSV or XLSX: one row per uraian tugas, a dry run, then one apply.

Rules (the import page and the template's "Petunjuk" sheet say the same to HR):
- Positions are keyed by unit code and jabatan name (ignoring case and repeated spaces).
- A position in the file gets exactly the file's duties, in file order; positions not
  in the file are left alone. Nothing else is deleted.
- `jumlah_pemangku`, when given, fixes the number of incumbents; empty leaves the count
  from the employee records.
- A position with any bad row is skipped as a whole, so that it never ends up with half
  of its duties.
- Reading reuses the employee import's reader (formula and size checks, row numbers).
- An XLSX in the customary ABK form layout (a header block per sheet, one sheet per
  jabatan) is read by rehat.workload.domain.abk_form into the same ParsedFile.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehat.accounts.models import User
from rehat.audit.domain import build_entry, log_many
from rehat.audit.models import Entry
from rehat.organizations.domain.import_report import ErrorCollector, ImportReport
from rehat.organizations.domain.imports import max_import_bytes
from rehat.organizations.domain.tables import FileRejected, Table, read_table, write_xlsx
from rehat.organizations.models import Unit
from rehat.workload.domain import abk
from rehat.workload.domain.abk_form import is_form_layout, read_form_file
from rehat.workload.domain.duty_rows import (
    NAME_MAX,
    UNIT_CODE_MAX,
    ParsedFile,
    ParsedPosition,
    check_duty,
    check_text,
    skipped_message,
)
from rehat.workload.domain.editing import DutyData
from rehat.workload.domain.report import (
    count_incumbents,
    normalize_position_name,
    thresholds_of,
)
from rehat.workload.models import Duty, DutyImport, Policy, Position

KIND = "workload"
COLUMNS = (
    "kode_unit",
    "jabatan",
    "uraian_tugas",
    "satuan_hasil",
    "beban_kerja",
    "norma_waktu",
    "jumlah_pemangku",
    "no",
)
REQUIRED = ("kode_unit", "jabatan", "uraian_tugas", "satuan_hasil", "beban_kerja", "norma_waktu")
# Keys without underscores: the headings of the ABK forms (Form B/C) as agencies write them.
ALIASES = {
    "kodeunit": "kode_unit",
    "unitkerja": "kode_unit",
    "kodeunor": "kode_unit",
    "jabatan": "jabatan",
    "namajabatan": "jabatan",
    "uraiantugas": "uraian_tugas",
    "tugas": "uraian_tugas",
    "satuanhasil": "satuan_hasil",
    "hasilkerja": "satuan_hasil",
    "bebankerja": "beban_kerja",
    "bebankerja(volume)": "beban_kerja",
    "bebankerja(1tahun)": "beban_kerja",
    "bebankerjapertahun": "beban_kerja",
    "volume": "beban_kerja",
    "normawaktu": "norma_waktu",
    "normawaktu(menit)": "norma_waktu",
    "normawaktumenit": "norma_waktu",
    "jumlahpemangku": "jumlah_pemangku",
    "jumlahpegawai": "jumlah_pemangku",
    "jumlahpegawaiyangada": "jumlah_pemangku",
    "pemangku": "jumlah_pemangku",
    "no": "no",
    "no.": "no",
    "nomor": "no",
}
EXAMPLES = (
    (
        "DINKES.P2P",
        "Analis Sumber Daya Manusia Aparatur",
        "Menyusun laporan",
        "Laporan",
        "12",
        "2400",
        "1",
        "1",
    ),
    (
        "DINKES.P2P",
        "Analis Sumber Daya Manusia Aparatur",
        "Memverifikasi dokumen kepegawaian",
        "Dokumen",
        "1500",
        "17",
        "",
        "2",
    ),
)
HELP = {
    "kode_unit": gettext_lazy("Kode unit kerja seperti di Rehat (misalnya kode unor SIASN)."),
    "jabatan": gettext_lazy(
        "Nama jabatan, sama persis dengan kolom jabatan di data pegawai agar pemangkunya "
        "terhitung otomatis (huruf besar-kecil boleh beda)."
    ),
    "uraian_tugas": gettext_lazy("Satu uraian tugas per baris."),
    "satuan_hasil": gettext_lazy("Satuan hasil, misalnya Laporan, Dokumen, Kegiatan."),
    "beban_kerja": gettext_lazy(
        "Volume per tahun. Angka tanpa pemisah ribuan; desimal boleh dengan koma (2,5)."
    ),
    "norma_waktu": gettext_lazy("Waktu penyelesaian satu satuan hasil, dalam menit."),
    "jumlah_pemangku": gettext_lazy(
        "Jumlah pegawai yang ada pada jabatan ini. Kosongkan agar dihitung dari data pegawai. "
        "Cukup diisi di satu baris per jabatan."
    ),
    "no": gettext_lazy("Nomor urut, boleh ada atau tidak; diabaikan."),
}
NOTES_EXTRA = gettext_lazy(
    "Jangan sertakan kolom hasil rumus (waktu penyelesaian, kebutuhan pegawai): Rehat "
    "menghitungnya sendiri, dan sel berisi rumus ditolak demi keamanan."
)


class ImportRefused(Exception):
    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass
class DutyPlan:
    report: ImportReport
    positions: list[ParsedPosition]  # valid positions, in file order
    units: dict[str, Unit]
    existing: dict[tuple[str, str], Position]
    changed: list[ParsedPosition] = field(default_factory=list)


def read_duty_file(*, file_name: str, content: bytes) -> Table:
    return read_table(
        file_name=file_name,
        content=content,
        max_bytes=max_import_bytes(),
        columns=COLUMNS,
        required=REQUIRED,
        aliases=ALIASES,
    )


def build_duty_template() -> bytes:
    return write_xlsx(
        columns=COLUMNS[:-1],
        rows=[row[:-1] for row in EXAMPLES],
        notes=[
            *((f"{n} ({_('wajib')})" if n in REQUIRED else n, str(HELP[n])) for n in COLUMNS),
            ("", str(NOTES_EXTRA)),
        ],
    )


def describe_duty_columns() -> list[tuple[str, str, bool]]:
    return [(name, str(HELP[name]), name in REQUIRED) for name in COLUMNS]


def read_duty_source(*, file_name: str, content: bytes) -> ParsedFile:
    """Either layout: the customary ABK form (an XLSX whose first row is not the flat
    template's headings) or the flat table. Raises FileRejected for an unreadable file."""
    if is_form_layout(file_name=file_name, content=content):
        return read_form_file(file_name=file_name, content=content)
    return parse_duty_rows(table=read_duty_file(file_name=file_name, content=content))


def parse_duty_rows(*, table: Table) -> ParsedFile:
    """The flat file's positions with their valid duties; a position with a bad row is dropped."""
    errors = ErrorCollector(table.cell_errors)
    head = table.headers
    positions: dict[tuple[str, str], ParsedPosition] = {}
    for number, values in table.rows:
        key = (values["kode_unit"], normalize_position_name(name=values["jabatan"]))
        position = positions.setdefault(key, ParsedPosition(values["kode_unit"], values["jabatan"]))
        position.rows.append(number)
        position.unit_cells.append((number, head["kode_unit"]))
        duty = _check_row(number, values, head, errors, position)
        if duty is not None:
            position.duties.append(duty)
    valid = []
    for position in positions.values():
        bad = [row for row in position.rows if row in errors.bad]
        if not bad:
            valid.append(position)
            continue
        for row in position.rows:
            if row not in errors.bad:
                errors.add(row, head["jabatan"], skipped_message(row=bad[0]))
    parsed = ParsedFile(valid, [], rows=len(table.rows), invalid=len(errors.bad))
    parsed.errors = [(0, error) for error in errors.errors]
    return parsed


def _check_row(
    number: int,
    values: dict[str, str],
    head: dict[str, str],
    errors: ErrorCollector,
    position: ParsedPosition,
) -> DutyData | None:
    check_text(
        errors,
        number,
        head["kode_unit"],
        values["kode_unit"],
        limit=UNIT_CODE_MAX,
        missing=_("Kode unit wajib diisi."),
    )
    check_text(
        errors,
        number,
        head["jabatan"],
        values["jabatan"],
        limit=NAME_MAX,
        missing=_("Nama jabatan wajib diisi."),
    )
    return check_duty(errors, number, values, head, position)


def plan_duty_import(*, parsed: ParsedFile, effective_minutes: int | None) -> DutyPlan:
    positions = parsed.positions
    codes = {p.unit_code for p in positions}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    existing = {
        (p.unit.code, normalize_position_name(name=p.name)): p
        for p in Position.objects.filter(unit__code__in=codes)
        .select_related("unit")
        .prefetch_related("duties")
    }
    plan = DutyPlan(ImportReport(kind=KIND, rows=parsed.rows), [], units, existing)
    invalid = parsed.invalid
    for position in positions:
        if position.unit_code not in units:
            for row, column in position.unit_cells:
                parsed.add_error(
                    position.sheet,
                    row,
                    column,
                    _("Unit kerja %(code)s tidak ada di Rehat. Impor unitnya lebih dulu.")
                    % {"code": position.unit_code},
                )
            invalid += len(position.rows)
            continue
        plan.positions.append(position)
        old = existing.get((position.unit_code, normalize_position_name(name=position.name)))
        if old is None:
            plan.report.new += 1
            plan.changed.append(position)
        elif _differs(old, position, effective_minutes):
            plan.report.updated += 1
            plan.changed.append(position)
        else:
            plan.report.unchanged += 1
    plan.report.invalid = invalid
    plan.report.errors = parsed.sorted_errors()
    return plan


def _differs(old: Position, new: ParsedPosition, effective_minutes: int | None) -> bool:
    before = [(d.description, d.result_unit, d.volume, d.minutes) for d in old.duties.all()]
    after = [(d.description, d.result_unit, d.volume, d.minutes) for d in new.duties]
    if before != after:
        return True
    if new.incumbents is not None and new.incumbents != old.incumbents:
        return True
    return effective_minutes is not None and effective_minutes != old.effective_minutes


def write_duty_import(
    *, plan: DutyPlan, actor: User | None, effective_minutes: int | None
) -> list[Entry]:
    entries = []
    for parsed in plan.changed:
        key = (parsed.unit_code, normalize_position_name(name=parsed.name))
        position = plan.existing.get(key)
        action = Entry.Action.UPDATE
        if position is None:
            action = Entry.Action.CREATE
            position = Position.objects.create(unit=plan.units[parsed.unit_code], name=parsed.name)
        if parsed.incumbents is not None:
            position.incumbents = parsed.incumbents
        if effective_minutes is not None:
            position.effective_minutes = effective_minutes
        position.save(update_fields=["incumbents", "effective_minutes"])
        position.duties.all().delete()
        Duty.objects.bulk_create(
            Duty(
                position=position,
                order=order,
                description=d.description,
                result_unit=d.result_unit,
                volume=d.volume,
                minutes=d.minutes,
            )
            for order, d in enumerate(parsed.duties, start=1)
        )
        entries.append(
            build_entry(
                actor=actor,
                action=action,
                target=position,
                changes={
                    "unit": parsed.unit_code,
                    "duties": len(parsed.duties),
                    "incumbents": position.incumbents,
                    "effective_minutes": position.effective_minutes,
                },
            )
        )
    return entries


def check_duty_import(
    *, file_name: str, content: bytes, effective_minutes: int | None
) -> ImportReport:
    """The dry run. Raises FileRejected when the file as a whole cannot be read."""
    parsed = read_duty_source(file_name=file_name, content=content)
    return plan_duty_import(parsed=parsed, effective_minutes=effective_minutes).report


def create_duty_import(
    *, file_name: str, content: bytes, effective_minutes: int | None, actor: User | None
) -> DutyImport:
    report = check_duty_import(
        file_name=file_name, content=content, effective_minutes=effective_minutes
    )
    return DutyImport.objects.create(
        file_name=file_name[-200:],
        content=content,
        effective_minutes=effective_minutes,
        created_by=actor,
        summary=report.to_summary(),
    )


def apply_duty_import(
    *, batch: DutyImport, actor: User | None, valid_only: bool = False
) -> ImportReport:
    """Apply once, in one transaction; ImportRefused changes nothing."""
    if batch.applied:
        raise ImportRefused(_("Impor ini sudah diterapkan sebelumnya."))
    try:
        parsed = read_duty_source(file_name=batch.file_name, content=bytes(batch.content))
    except FileRejected as rejected:
        raise ImportRefused(" ".join(rejected.messages)) from None
    try:
        with transaction.atomic():
            claimed = DutyImport.objects.filter(pk=batch.pk, applied__isnull=True).update(
                applied=timezone.now(), content=b""
            )
            if not claimed:
                raise ImportRefused(_("Impor ini sudah diterapkan sebelumnya."))
            plan = plan_duty_import(parsed=parsed, effective_minutes=batch.effective_minutes)
            if plan.report.errors and not valid_only:
                raise ImportRefused(
                    _(
                        "Berkas ini berisi baris bermasalah, jadi tidak ada yang diubah. "
                        "Perbaiki berkasnya, atau terapkan hanya jabatan yang valid."
                    ),
                    plan.report,
                )
            entries = write_duty_import(
                plan=plan, actor=actor, effective_minutes=batch.effective_minutes
            )
            plan.report.applied = True
            entries.append(
                build_entry(
                    actor=actor,
                    action=Entry.Action.IMPORT,
                    target=batch,
                    changes=plan.report.counts(),
                )
            )
            log_many(entries)
            DutyImport.objects.filter(pk=batch.pk).update(summary=plan.report.to_summary())
    except ImportRefused as refused:
        if refused.report is not None:
            DutyImport.objects.filter(pk=batch.pk).update(summary=refused.report.to_summary())
        raise
    batch.refresh_from_db(fields=["applied", "content", "summary"])
    return plan.report


@dataclass
class ComputedPosition:
    unit_code: str
    name: str
    result: abk.Result


def compute_duty_file(
    *, parsed: ParsedFile, policy: Policy, effective_minutes: int | None
) -> tuple[list[ComputedPosition], list[tuple[str, abk.Result]], ImportReport]:
    """The calculation on a file without saving: per position, per unit, and the row errors.

    Incumbents come from `jumlah_pemangku`, else from the employee records of a known unit,
    else 0. Units need not exist in Rehat.
    """
    positions = parsed.positions
    units = dict(
        Unit.objects.filter(code__in={p.unit_code for p in positions}).values_list("code", "pk")
    )
    counted = count_incumbents(unit_ids=units.values())
    thresholds = thresholds_of(policy=policy)
    computed = []
    for p in positions:
        incumbents = p.incumbents
        if incumbents is None:
            unit_id = units.get(p.unit_code)
            key = (unit_id or 0, normalize_position_name(name=p.name))
            incumbents = counted[key] if unit_id else 0
        result = abk.compute_position(
            duties=(abk.DutyInput(volume=d.volume, minutes=d.minutes) for d in p.duties),
            incumbents=incumbents,
            effective_minutes=effective_minutes or policy.effective_minutes,
            thresholds=thresholds,
            rounding=policy.rounding,
            definition=policy.ej_definition,
        )
        computed.append(ComputedPosition(p.unit_code, p.name, result))
    by_unit: dict[str, list[abk.Result]] = {}
    for c in computed:
        by_unit.setdefault(c.unit_code, []).append(c.result)
    totals = [
        (
            code,
            abk.compute_unit(
                positions=results, thresholds=thresholds, definition=policy.ej_definition
            ),
        )
        for code, results in by_unit.items()
    ]
    report = ImportReport(kind=KIND, rows=parsed.rows, new=len(computed))
    report.invalid = parsed.invalid
    report.errors = parsed.sorted_errors()
    return computed, totals, report

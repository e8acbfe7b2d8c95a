"""HR imports of units and employees from CSV or XLSX: a dry run, then one apply.

The same planning code runs for the dry run and for the apply, so what the review
page promises is what the apply does. The apply re-reads the stored file and
plans again against the database as it is then, inside one transaction.

Rules (the import page and the XLSX template's "Petunjuk" sheet say the same to HR):
- Units are keyed by `kode_unit`, employees by NIP / NI PPPK. Nothing is ever deleted.
- An optional column that is absent leaves that field alone; present and empty
  clears it (`jabatan`, `nip_atasan`), except `email`, which an empty cell leaves
  unchanged because imported people sign in through "Lupa kata sandi" by email.
- `peran`, when the column is present, is the full set of importable roles of that
  person: missing roles are granted, others revoked (a `pimpinan` role for any other
  unit included). Admin is never granted or revoked by an import.
- The HR role of the person importing is never revoked by their own import (a row error).
- A file with row errors changes nothing unless the caller asks for the valid rows only.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import build_entry, log_many
from rehat.audit.models import Entry
from rehat.organizations.domain import employee_import, unit_import
from rehat.organizations.domain.import_report import ImportReport, RowError
from rehat.organizations.domain.tables import (
    FileRejected,
    Table,
    read_table,
    write_csv,
    write_xlsx,
)
from rehat.organizations.models import ImportBatch

__all__ = [
    "FileRejected",
    "ImportRefused",
    "ImportReport",
    "RowError",
    "apply_import",
    "build_import_template",
    "check_import",
    "create_import",
    "describe_columns",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ImportRefused(Exception):
    """The apply did not happen; `report` holds the current dry-run result."""

    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass(frozen=True)
class _Kind:
    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: Mapping[str, str]
    plan: Callable[[Table, User | None], Any]
    write: Callable[[Any, User | None], list[Entry]]
    examples: tuple[tuple[str, ...], ...] = field(default=())
    help: Mapping[str, Any] = field(default_factory=dict)


_KINDS: dict[str, _Kind] = {
    ImportBatch.Kind.UNITS: _Kind(
        columns=unit_import.COLUMNS,
        required=unit_import.REQUIRED,
        aliases=unit_import.ALIASES,
        plan=unit_import.plan_units,
        write=unit_import.write_units,
        examples=unit_import.EXAMPLES,
        help=unit_import.HELP,
    ),
    ImportBatch.Kind.EMPLOYEES: _Kind(
        columns=employee_import.COLUMNS,
        required=employee_import.REQUIRED,
        aliases=employee_import.ALIASES,
        plan=employee_import.plan_employees,
        write=employee_import.write_employees,
        examples=employee_import.EXAMPLES,
        help=employee_import.HELP,
    ),
}


def max_import_bytes() -> int:
    return int(getattr(settings, "REHAT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def describe_columns(*, kind: str) -> list[tuple[str, str, bool]]:
    """Each column of a kind: (header, what to put in it, required)."""
    spec = _KINDS[kind]
    return [(name, str(spec.help[name]), name in spec.required) for name in spec.columns]


def build_import_template(*, kind: str, fmt: str) -> bytes:
    """A CSV or XLSX template: the Indonesian column headers and example rows."""
    spec = _KINDS[kind]
    if fmt == "csv":
        return write_csv(columns=spec.columns, rows=spec.examples)
    return write_xlsx(
        columns=spec.columns,
        rows=spec.examples,
        notes=[
            (f"{name} ({_('wajib')})" if required else name, help_text)
            for name, help_text, required in describe_columns(kind=kind)
        ],
    )


def read_import_file(*, kind: str, file_name: str, content: bytes) -> Table:
    spec = _KINDS[kind]
    return read_table(
        file_name=file_name,
        content=content,
        max_bytes=max_import_bytes(),
        columns=spec.columns,
        required=spec.required,
        aliases=spec.aliases,
    )


def check_import(
    *, kind: str, file_name: str, content: bytes, actor: User | None = None
) -> ImportReport:
    """The dry run: what the file would change and what is wrong in it. Writes nothing.

    `actor` is the person importing (None on the command line). Raises FileRejected when
    the file as a whole cannot be read.
    """
    table = read_import_file(kind=kind, file_name=file_name, content=content)
    report: ImportReport = _KINDS[kind].plan(table, actor).report
    return report


def create_import(*, kind: str, file_name: str, content: bytes, actor: User | None) -> ImportBatch:
    """Keep the uploaded file with its dry-run result for review and apply."""
    report = check_import(kind=kind, file_name=file_name, content=content, actor=actor)
    return ImportBatch.objects.create(
        kind=kind,
        file_name=file_name[-200:],
        content=content,
        created_by=actor,
        summary=report.to_summary(),
    )


def apply_import(
    *, batch: ImportBatch, actor: User | None, valid_only: bool = False
) -> ImportReport:
    """Apply a batch once, in one transaction. Raises ImportRefused and changes nothing when
    the batch was applied already or has errors and `valid_only` is not set."""
    spec = _KINDS[batch.kind]
    if batch.applied:
        raise ImportRefused(_("Impor ini sudah diterapkan sebelumnya."))
    try:
        table = read_import_file(
            kind=batch.kind, file_name=batch.file_name, content=bytes(batch.content)
        )
    except FileRejected as rejected:
        raise ImportRefused(" ".join(rejected.messages)) from None
    try:
        with transaction.atomic():
            # Claim the batch first: a second POST finds it applied and stops here.
            claimed = ImportBatch.objects.filter(pk=batch.pk, applied__isnull=True).update(
                applied=timezone.now(), content=b""
            )
            if not claimed:
                raise ImportRefused(_("Impor ini sudah diterapkan sebelumnya."))
            plan = spec.plan(table, actor)
            report: ImportReport = plan.report
            if report.errors and not valid_only:
                raise ImportRefused(
                    _(
                        "Berkas ini berisi baris bermasalah, jadi tidak ada yang diubah. "
                        "Perbaiki berkasnya, atau terapkan hanya baris yang valid."
                    ),
                    report,
                )
            entries = spec.write(plan, actor)
            report.applied = True
            entries.append(
                build_entry(
                    actor=actor,
                    action=Entry.Action.IMPORT,
                    target=batch,
                    changes=report.counts(),
                )
            )
            log_many(entries)
            ImportBatch.objects.filter(pk=batch.pk).update(summary=report.to_summary())
    except ImportRefused as refused:
        if refused.report is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(summary=refused.report.to_summary())
            batch.summary = refused.report.to_summary()
        raise
    batch.refresh_from_db(fields=["applied", "content", "summary"])
    return report


def format_report(*, report: ImportReport) -> Iterable[str]:
    """Plain-text lines for the command line."""
    yield (
        _(
            "%(new)s baru, %(updated)s diubah, %(unchanged)s tidak berubah, "
            "%(invalid)s baris bermasalah (dari %(rows)s baris)."
        )
        % report.counts()
    )
    if report.roles_granted or report.roles_revoked:
        yield _("Peran: %(granted)s diberikan, %(revoked)s dicabut.") % {
            "granted": report.roles_granted,
            "revoked": report.roles_revoked,
        }
    for error in report.errors:
        yield _("Baris %(row)s, kolom %(column)s: %(message)s") % {
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }

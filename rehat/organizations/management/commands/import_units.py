from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rehat.accounts.models import User
from rehat.organizations.domain.imports import (
    FileRejected,
    ImportRefused,
    apply_import,
    check_import,
    create_import,
    format_report,
    max_import_bytes,
)
from rehat.organizations.domain.tables import check_file
from rehat.organizations.models import ImportBatch


class ImportCommand(BaseCommand):
    """Shared by import_units and import_employees: a dry run unless --apply."""

    kind: str = ImportBatch.Kind.UNITS

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV or XLSX file")
        parser.add_argument("--apply", action="store_true", help="apply (default: dry run)")
        parser.add_argument(
            "--valid-only", action="store_true", help="with --apply: skip the rows with errors"
        )
        parser.add_argument("--actor", metavar="EMAIL", help="who is importing, for the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["valid_only"] and not options["apply"]:
            raise CommandError(_("--valid-only hanya berlaku bersama --apply."))
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        errors = check_file(
            file_name=path.name, size=path.stat().st_size, max_bytes=max_import_bytes()
        )
        if errors:
            raise CommandError("\n".join(errors))
        actor = self._actor(options["actor"])
        content = path.read_bytes()
        try:
            if options["apply"]:
                batch = create_import(
                    kind=self.kind, file_name=path.name, content=content, actor=actor
                )
                report = apply_import(batch=batch, actor=actor, valid_only=options["valid_only"])
            else:
                report = check_import(
                    kind=self.kind, file_name=path.name, content=content, actor=actor
                )
        except FileRejected as rejected:
            raise CommandError("\n".join(rejected.messages)) from None
        except ImportRefused as refused:
            if refused.report is not None:
                for line in format_report(report=refused.report):
                    self.stdout.write(line)
            raise CommandError(refused.message) from None
        for line in format_report(report=report):
            self.stdout.write(line)
        if report.applied:
            self.stdout.write(_("Diterapkan."))
        elif report.errors:
            raise CommandError(
                ngettext(
                    "%(n)s baris bermasalah. Perbaiki berkasnya, atau jalankan dengan "
                    "--apply --valid-only untuk menerapkan baris yang valid saja.",
                    "%(n)s baris bermasalah. Perbaiki berkasnya, atau jalankan dengan "
                    "--apply --valid-only untuk menerapkan baris yang valid saja.",
                    report.invalid,
                )
                % {"n": report.invalid}
            )
        else:
            self.stdout.write(
                _("Uji coba saja; tidak ada yang diubah. Tambahkan --apply untuk menerapkan.")
            )

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        actor = User.objects.filter(email__iexact=email).first()
        if actor is None:
            raise CommandError(_("Tidak ada pengguna dengan email %(email)s.") % {"email": email})
        return actor


class Command(ImportCommand):
    help = "Import units from CSV or XLSX: a dry run, or --apply."
    kind = ImportBatch.Kind.UNITS

"""rehat workload compute FILE.xlsx [--json] [--effective-minutes N]: the ABK of a file, unsaved."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rehat.organizations.domain.imports import max_import_bytes
from rehat.organizations.domain.tables import FileRejected, check_file
from rehat.workload.domain import abk
from rehat.workload.domain.importer import compute_duty_file, read_duty_source
from rehat.workload.domain.report import get_policy


def _number(value: abk.Result) -> dict[str, Any]:
    return {
        "beban_kerja_menit": f"{value.workload_minutes:f}",
        "kebutuhan_pegawai": f"{value.required:f}",
        "kebutuhan_pegawai_dibulatkan": value.required_people,
        "jumlah_pemangku": value.incumbents,
        "selisih": value.gap,
        "ej": f"{value.ej:f}" if value.ej is not None else None,
        "pj": value.grade or None,
    }


class Command(BaseCommand):
    help = _("Analisis beban kerja (ABK) dari berkas, tanpa menyimpan apa pun.")

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        compute = commands.add_parser(
            "compute",
            help=_("hitung kebutuhan pegawai, EJ dan PJ dari berkas impor ABK"),
        )
        compute.add_argument("file", type=Path, help="XLSX or CSV file")
        compute.add_argument("--json", action="store_true", help="print JSON")
        compute.add_argument(
            "--effective-minutes",
            type=int,
            choices=abk.EFFECTIVE_MINUTES_CHOICES,
            help="75000 (1,250 h, default), 78000 (1,300 h) or 72000 (1,200 h)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        errors = check_file(
            file_name=path.name, size=path.stat().st_size, max_bytes=max_import_bytes()
        )
        if errors:
            raise CommandError("\n".join(errors))
        try:
            parsed = read_duty_source(file_name=path.name, content=path.read_bytes())
        except FileRejected as rejected:
            raise CommandError("\n".join(rejected.messages)) from None
        policy = get_policy()
        effective = options["effective_minutes"] or policy.effective_minutes
        positions, units, report = compute_duty_file(
            parsed=parsed, policy=policy, effective_minutes=effective
        )
        if options["json"]:
            payload = {
                "waktu_kerja_efektif_menit": effective,
                "jabatan": [
                    {"kode_unit": p.unit_code, "jabatan": p.name, **_number(p.result)}
                    for p in positions
                ],
                "unit": [{"kode_unit": code, **_number(total)} for code, total in units],
                "masalah": [
                    {"baris": e.row, "kolom": e.column, "pesan": e.message} for e in report.errors
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._write_text(positions, units, report.errors, effective)
        if report.errors:
            raise CommandError(
                _("%(n)s baris bermasalah; jabatannya tidak dihitung.") % {"n": report.invalid}
            )

    def _write_text(self, positions: Any, units: Any, errors: Any, effective: int) -> None:
        self.stdout.write(_("Waktu kerja efektif: %(m)s menit per tahun") % {"m": effective})
        header = f"{'':<44} {'beban':>12} {'kebutuhan':>9} {'bulat':>5} {'ada':>5} {'EJ':>6} PJ"
        self.stdout.write(header)
        for p in positions:
            self.stdout.write(self._line(f"{p.unit_code} · {p.name}", p.result))
        for code, total in units:
            self.stdout.write(self._line(_("Jumlah %(unit)s") % {"unit": code}, total))
        for error in errors:
            self.stdout.write(
                _("Baris %(row)s, kolom %(column)s: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )

    def _line(self, label: str, r: abk.Result) -> str:
        ej = f"{r.ej:.2f}" if r.ej is not None else "—"
        return (
            f"{label[:44]:<44} {r.workload_minutes:>12.0f} {r.required:>9.2f} "
            f"{r.required_people:>5} {r.incumbents:>5} {ej:>6} {r.grade or '—'}"
        )

"""`rehat leave ...`: working days, the leave rules, and who may read leave reasons.

    rehat leave workdays START END [--agency CODE] [--json]
    rehat leave rules [--kind PNS|PPPK]
    rehat leave medical-reader grant|revoke EMAIL
    rehat leave authority UNIT_CODE EMAIL [--title TEXT]   (or --remove)
    rehat leave policy [--recovery-days N] [--recovery-letter KIND] [--letter-from N] [--city X]

--agency takes a unit code (that unit's overrides and its parents' apply) or the agency's
short name or name (only agency-wide overrides apply). An installation serves one agency.
"""

import argparse
import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.leave.domain.rules import get_policy, list_rules
from rehat.leave.models import Authority, LeavePolicy, LeaveType, MedicalReader
from rehat.organizations.models import Agency, Employee, Unit
from rehat.organizations.permissions import HR, has_role
from rehat.schedule.domain.calendar import count_working_days


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” bukan tanggal; tulis seperti 2026-11-30.") % {"text": text}
        ) from None


def resolve_calendar_unit(code: str | None) -> Unit | None:
    """The unit whose calendar applies: a unit code, or None for the agency as a whole."""
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is not None:
        return unit
    if Agency.objects.filter(short_name__iexact=code).exists():
        return None
    if Agency.objects.filter(name__iexact=code).exists():
        return None
    raise CommandError(
        _("“%(code)s” bukan kode unit kerja maupun nama instansi ini.") % {"code": code}
    )


class Command(BaseCommand):
    help = "Working days between two dates, the leave rules, and HR's medical readers."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        workdays = actions.add_parser(
            "workdays", help="count working days in an inclusive date range"
        )
        workdays.add_argument("start", type=parse_day, help="first day, YYYY-MM-DD")
        workdays.add_argument("end", type=parse_day, help="last day, YYYY-MM-DD")
        workdays.add_argument(
            "--agency",
            metavar="CODE",
            help="a unit code (its overrides apply) or the agency's short name",
        )
        workdays.add_argument("--json", action="store_true", help="print JSON")
        rules = actions.add_parser("rules", help="list the leave rules with their sources")
        rules.add_argument("--kind", choices=["PNS", "PPPK"], default=None)
        reader = actions.add_parser(
            "medical-reader", help="let an HR officer read leave reasons and letters"
        )
        reader.add_argument("change", choices=["grant", "revoke"])
        reader.add_argument("email")
        authority = actions.add_parser(
            "authority", help="set the pejabat berwenang for a unit subtree"
        )
        authority.add_argument("unit")
        authority.add_argument("email", nargs="?")
        authority.add_argument("--title", default="", help="the post named on the letter")
        authority.add_argument("--remove", action="store_true")
        policy = actions.add_parser("policy", help="show or change the agency's leave policy")
        policy.add_argument("--recovery-days", type=int)
        policy.add_argument("--recovery-letter", choices=LeavePolicy.Letter.values)
        policy.add_argument("--letter-from", type=int, help="letter needed from N working days")
        policy.add_argument("--city", help="place named on the official letter")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "workdays":
            self._workdays(options)
        elif action == "rules":
            self._rules(options["kind"])
        elif action == "authority":
            self._authority(options)
        elif action == "policy":
            self._policy(options)
        else:
            self._reader(options["change"], options["email"])

    def _workdays(self, options: dict[str, Any]) -> None:
        start: datetime.date = options["start"]
        end: datetime.date = options["end"]
        if end < start:
            raise CommandError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        unit = resolve_calendar_unit(options["agency"])
        workdays, skipped = count_working_days(start=start, end=end, unit=unit)
        if options["json"]:
            payload = {
                "workdays": workdays,
                "skipped": [{"date": day.isoformat(), "name": name} for day, name in skipped],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            _("%(n)d hari kerja dari %(start)s sampai %(end)s.")
            % {"n": workdays, "start": start.isoformat(), "end": end.isoformat()}
        )
        for day, name in skipped:
            self.stdout.write(f"  {day.isoformat()}  {name}")

    def _rules(self, kind: str | None) -> None:
        for regime in [kind] if kind else ["PNS", "PPPK"]:
            self.stdout.write(regime)
            for rule in list_rules(regime=regime):
                label = LeaveType(rule.leave_type).label
                self.stdout.write(f"  {label} [{rule.confidence}] — {rule.citation}")
                for note in rule.notes:
                    self.stdout.write(f"      {note}")

    def _reader(self, change: str, email: str) -> None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("Tidak ada pengguna dengan email %(email)s.") % {"email": email})
        if change == "revoke":
            MedicalReader.objects.filter(user=user).delete()
            self.stdout.write(_("%(name)s tidak lagi membaca alasan cuti.") % {"name": user.name})
            return
        if not has_role(user, HR) or not Employee.objects.filter(user=user).exists():
            raise CommandError(_("Hanya pegawai dengan peran SDM yang dapat diberi izin ini."))
        MedicalReader.objects.get_or_create(user=user, defaults={"granted_by": "rehat leave"})
        self.stdout.write(
            _("%(name)s sekarang dapat membaca alasan cuti dan surat keterangan.")
            % {"name": user.name}
        )

    def _authority(self, options: dict[str, Any]) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("Tidak ada unit kerja %(code)s.") % {"code": options["unit"]})
        if options["remove"]:
            Authority.objects.filter(unit=unit).delete()
            self.stdout.write(_("Pejabat berwenang %(unit)s dihapus.") % {"unit": unit.name})
            return
        user = User.objects.filter(email__iexact=options["email"] or "").first()
        if user is None:
            raise CommandError(_("Tidak ada pengguna dengan email itu."))
        Authority.objects.update_or_create(
            unit=unit, defaults={"user": user, "title": options["title"]}
        )
        self.stdout.write(
            _("%(name)s kini pejabat berwenang memberikan cuti untuk %(unit)s.")
            % {"name": user.name, "unit": unit.name}
        )

    def _policy(self, options: dict[str, Any]) -> None:
        policy = get_policy()
        changes = {
            "recovery_workdays": options["recovery_days"],
            "recovery_letter": options["recovery_letter"],
            "recovery_letter_from_workdays": options["letter_from"],
            "city": options["city"],
        }
        changed = [field for field, value in changes.items() if value is not None]
        for field in changed:
            setattr(policy, field, changes[field])
        if changed:
            policy.save(update_fields=changed)
        self.stdout.write(
            _("Cuti pemulihan: %(days)d hari kerja setahun; %(letter)s mulai %(from)d hari kerja.")
            % {
                "days": policy.recovery_workdays,
                "letter": policy.get_recovery_letter_display(),
                "from": policy.recovery_letter_from_workdays,
            }
        )

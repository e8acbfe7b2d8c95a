import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.leave.demo import DemoLeaveError, seed_demo_leave
from rehat.organizations.domain.demo import (
    AGENCY_NAME,
    DEMO_PASSWORD,
    DemoError,
    DemoLogin,
    list_demo_logins,
    seed_demo,
)
from rehat.organizations.models import Agency, Employee
from rehat.worktime.demo import DemoWorktimeError, seed_demo_worktime


def _role_label(role: str) -> str:
    labels = {
        "employee": _("Pegawai"),
        "leader": _("Pimpinan"),
        "counselor": _("Konselor"),
        "hr": _("SDM (BKPSDM)"),
        "admin": _("Admin"),
    }
    return labels[role]


class Command(BaseCommand):
    help = (
        "Create the demo agency 'Pemerintah Kota Contoh' (deterministic from --seed) and print "
        "one demo login per role. Does nothing when an agency already exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--size", type=int, default=2000, help="employees (default 2000)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though an agency exists, provided there are no employees yet",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Agency.objects.exists() and not options["force"]:
            self._existing()
            return
        count = Employee.objects.count()
        if count:
            raise CommandError(
                _(
                    "Data demo tidak dibuat: basis data sudah berisi %(count)s pegawai. "
                    "Data demo hanya dibuat di basis data yang belum berisi pegawai, agar tidak "
                    "bercampur dengan data pegawai sungguhan. Gunakan folder data yang baru "
                    "(REHAT_DATA_DIR) untuk mencoba demo."
                )
                % {"count": count}
            )
        started = time.monotonic()
        try:
            summary = seed_demo(seed=options["seed"], size=options["size"])
        except DemoError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            _(
                "Instansi demo “%(agency)s” dibuat dalam %(seconds).1f detik: %(units)s unit "
                "kerja, %(employees)s pegawai (%(pppk)s PPPK, %(women)s perempuan)."
            )
            % {
                "agency": AGENCY_NAME,
                "seconds": time.monotonic() - started,
                "units": summary.units,
                "employees": summary.employees,
                "pppk": summary.pppk,
                "women": summary.women,
            }
        )
        self._seed_leave_and_worktime(seed=options["seed"])
        self._print_logins(summary.logins)

    def _seed_leave_and_worktime(self, *, seed: int) -> None:
        """Leave requests in every state and a few worktime uploads, through the real paths."""
        today = timezone.localdate()
        try:
            leave = seed_demo_leave(today=today, seed=seed)
        except DemoLeaveError as e:
            self.stdout.write(str(e))
        else:
            self.stdout.write(
                _(
                    "Cuti demo: %(requests)s permohonan, %(waiting)s menunggu, "
                    "%(recovery)s cuti pemulihan."
                )
                % leave
            )
        try:
            worktime = seed_demo_worktime(today=today, seed=seed)
        except DemoWorktimeError as e:
            self.stdout.write(str(e))
        else:
            self.stdout.write(
                _("Jam kerja demo: %(chats)s grup WhatsApp, %(calendars)s kalender.") % worktime
            )

    def _existing(self) -> None:
        logins = list_demo_logins()
        if not logins:
            self.stdout.write(
                _(
                    "Instansi sudah ada dan bukan data demo; tidak ada yang diubah. "
                    "Masuk dengan akun yang sudah Anda buat."
                )
            )
            return
        self.stdout.write(_("Data demo sudah ada; tidak ada yang diubah."))
        self._print_logins(logins)

    def _print_logins(self, logins: tuple[DemoLogin, ...]) -> None:
        self.stdout.write("")
        self.stdout.write(_("Akun demo (masuk dengan NIP atau email):"))
        for login in logins:
            line = _("%(role)s %(identifier)s kata sandi: %(password)s  (%(name)s%(email)s)") % {
                "role": _role_label(login.role).ljust(13),
                "identifier": (login.nip or login.email).ljust(22),
                "password": DEMO_PASSWORD,
                "name": login.name,
                "email": f" · {login.email}" if login.nip else "",
            }
            self.stdout.write("  " + line)
        self.stdout.write("")

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.checkins.domain.demo import DemoCheckinsError, seed_demo_checkins
from rehat.checkins.domain.periods import sync_periods
from rehat.checkins.management.commands.periods import parse_day
from rehat.checkins.models import Period


class Command(BaseCommand):
    help = (
        "Give the demo agency a synthetic check-in history (past weekly pulses and monthly "
        "screenings, closed) and open this week's and this month's periods. Does nothing when "
        "past periods exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=parse_day, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--weeks", type=int, default=12, help="past weeks (default 12)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if Period.objects.filter(ends__lt=today).exists():
            self.stdout.write(_("Riwayat cek kabar sudah ada; tidak ada yang diubah."))
            return
        started = time.monotonic()
        try:
            counts = seed_demo_checkins(today=today, weeks=options["weeks"], seed=options["seed"])
        except DemoCheckinsError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            _(
                "Riwayat cek kabar demo dibuat dalam %(seconds).1f detik: %(pulses)s minggu dan "
                "%(screenings)s bulan skrining, %(submissions)s kiriman anonim dari "
                "%(buckets)s kelompok token."
            )
            % {"seconds": time.monotonic() - started, **counts}
        )
        self.stdout.write(
            _("Membuka periode yang berjalan dan membuat kunci token tiap kelompok…"),
        )
        self.stdout.flush()
        started = time.monotonic()
        opened = sync_periods(today=today)["opened"]
        self.stdout.write(
            _("Periode yang berjalan dibuka dalam %(seconds).1f detik: %(codes)s.")
            % {"seconds": time.monotonic() - started, "codes": ", ".join(opened) or "—"}
        )

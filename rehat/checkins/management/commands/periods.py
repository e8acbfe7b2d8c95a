import argparse
import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.checkins.domain.periods import pulse_period_for, screening_period_for, sync_periods
from rehat.checkins.models import Period
from rehat.checkins.tasks import next_sync_at, queued_sync_at, schedule_sync_periods

RECENT_CLOSED = 5  # closed periods listed besides the open and scheduled ones


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” bukan tanggal; tulis seperti 2026-11-30.") % {"text": text}
        ) from None


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


class Command(BaseCommand):
    help = (
        "Show the check-in periods; with --sync close ended periods and open the current "
        "week and month (run it daily from cron or a systemd timer, or use --schedule to let "
        "the task worker repeat it every night)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sync", action="store_true", help="close ended periods, open the current ones"
        )
        parser.add_argument(
            "--today", type=parse_day, help="the date to sync for, YYYY-MM-DD (default: today)"
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the nightly sync task for the worker unless one is already queued",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["today"] or timezone.localdate()
        if options["sync"]:
            self._sync(today)
        if options["schedule"]:
            # After a sync just now the next run is due after midnight, else right away.
            self._schedule(next_sync_at(now=timezone.now()) if options["sync"] else None)
        if not options["sync"] and not options["schedule"]:
            self._show(today)

    def _sync(self, today: datetime.date) -> None:
        started = time.monotonic()
        result = sync_periods(today=today)
        self.stdout.write(
            _("Sinkronisasi periode untuk %(today)s selesai dalam %(seconds).1f detik.")
            % {"today": today.isoformat(), "seconds": time.monotonic() - started}
        )
        self.stdout.write(
            "  " + _("Ditutup: %(codes)s") % {"codes": ", ".join(result["closed"]) or "—"}
        )
        self.stdout.write(
            "  " + _("Dibuka: %(codes)s") % {"codes": ", ".join(result["opened"]) or "—"}
        )

    def _schedule(self, run_after: datetime.datetime | None) -> None:
        if schedule_sync_periods(run_after=run_after):
            when = _when(run_after) if run_after else _("segera")
            self.stdout.write(
                _("Sinkronisasi periode masuk antrean tugas: %(when)s.") % {"when": when}
            )
            return
        queued = queued_sync_at()
        if queued is None:
            self.stdout.write(
                _(
                    "Tugas latar berjalan langsung tanpa antrean, jadi tidak ada yang "
                    "dijadwalkan. Jalankan “rehat periods --sync” setiap hari dari cron atau "
                    "systemd timer."
                )
            )
            return
        self.stdout.write(
            _("Sinkronisasi periode sudah ada di antrean tugas (%(when)s); tidak ditambah.")
            % {"when": _when(queued)}
        )

    def _show(self, today: datetime.date) -> None:
        periods = list(Period.objects.annotate(key_count=Count("keys")).order_by("-starts", "kind"))
        current = [p for p in periods if p.status != Period.Status.CLOSED]
        closed = [p for p in periods if p.status == Period.Status.CLOSED]
        self.stdout.write(_("Periode cek kabar (hari ini %(today)s):") % {"today": today})
        if not current and not closed:
            self.stdout.write("  " + _("Belum ada periode. Jalankan “rehat periods --sync”."))
        for period in current + closed[:RECENT_CLOSED]:
            self.stdout.write(
                "  "
                + _("%(code)s %(kind)s %(starts)s s.d. %(ends)s  %(status)s, %(keys)s kunci")
                % {
                    "code": period.code.ljust(20),
                    "kind": period.get_kind_display().ljust(20),
                    "starts": period.starts.isoformat(),
                    "ends": period.ends.isoformat(),
                    "status": period.get_status_display(),
                    "keys": period.key_count,
                }
            )
        if len(closed) > RECENT_CLOSED:
            self.stdout.write(
                "  "
                + _("… dan %(count)s periode lama lain yang sudah ditutup.")
                % {"count": len(closed) - RECENT_CLOSED}
            )
        due = [p.code for p in periods if p.status != Period.Status.CLOSED and p.ends < today]
        open_codes = {p.code for p in periods if p.status == Period.Status.OPEN}
        missing = [
            code
            for code, _starts, _ends in (pulse_period_for(today), screening_period_for(today))
            if code not in open_codes
        ]
        if due or missing:
            self.stdout.write(
                _(
                    "Jadwal tertinggal: belum ditutup %(due)s; belum dibuka %(missing)s. "
                    "Jalankan “rehat periods --sync”."
                )
                % {"due": ", ".join(due) or "—", "missing": ", ".join(missing) or "—"}
            )
        queued = queued_sync_at()
        if queued is not None:
            self.stdout.write(
                _("Sinkronisasi berikutnya di antrean tugas: %(when)s.") % {"when": _when(queued)}
            )

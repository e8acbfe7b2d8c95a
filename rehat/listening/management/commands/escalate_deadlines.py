from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.listening.domain.escalation import escalate_overdue
from rehat.listening.tasks import next_escalation_at, schedule_escalation


class Command(BaseCommand):
    help = (
        "Mail the lead counselors about Ruang Dengar conversations whose reply deadline "
        "passed (counts only, no content). Run hourly from cron, or once with --schedule "
        "to let the task worker repeat it every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the hourly task on the worker's database queue",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        count = escalate_overdue(now=now)
        self.stdout.write(
            _("%(n)s percakapan baru melewati batas waktu dan dilaporkan ke koordinator konselor.")
            % {"n": count}
        )
        if not options["schedule"]:
            return
        if schedule_escalation(run_after=next_escalation_at(now=now)):
            self.stdout.write(_("Pemeriksaan batas waktu berikutnya masuk antrean tugas."))
        else:
            self.stdout.write(
                _(
                    "Tidak ada yang ditambahkan ke antrean: pemeriksaan sudah menunggu, atau "
                    "tugas latar berjalan tanpa antrean (jalankan perintah ini tiap jam dari cron)."
                )
            )

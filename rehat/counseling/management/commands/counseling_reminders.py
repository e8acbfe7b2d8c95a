import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rehat.counseling.tasks import send_due_reminders, send_reminders_task
from rehat.lib.recurring import schedule_once


class Command(BaseCommand):
    help = (
        "Email a reminder with a calendar file for each named counseling booking that "
        "starts within --hours (default 24); each booking is reminded once. Run hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)
        parser.add_argument(
            "--schedule", action="store_true", help="queue the hourly task once, then stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            queued = schedule_once(send_reminders_task, run_after=None)
            self.stdout.write("queued" if queued else "already queued or no database queue")
            return
        sent = send_due_reminders(
            now=timezone.now(), ahead=datetime.timedelta(hours=options["hours"])
        )
        self.stdout.write(f"{sent}")

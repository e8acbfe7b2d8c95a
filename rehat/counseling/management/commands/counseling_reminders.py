import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rehat.counseling.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder with a calendar file for each named counseling booking that "
        "starts within --hours (default 24); each booking is reminded once. Run hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders(
            now=timezone.now(), ahead=datetime.timedelta(hours=options["hours"])
        )
        self.stdout.write(f"{sent}")

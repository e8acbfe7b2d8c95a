import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rehat.counseling.domain.notes import purge_session_notes


class Command(BaseCommand):
    help = "Delete counseling session notes past the agency's retention period. Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_session_notes(today=options["today"] or timezone.localdate())
        self.stdout.write(f"{deleted}")

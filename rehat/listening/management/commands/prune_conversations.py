import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.listening.domain.retention import delete_expired


class Command(BaseCommand):
    help = (
        "Delete Ruang Dengar conversations closed more than REHAT_CONVERSATION_RETENTION_DAYS "
        "ago, with their hand-overs and notes; the audit log records the count."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        deleted = delete_expired(today=today)
        self.stdout.write(
            _("%(n)s percakapan yang ditutup lebih dari %(days)s hari lalu dihapus.")
            % {"n": deleted, "days": settings.REHAT_CONVERSATION_RETENTION_DAYS}
        )

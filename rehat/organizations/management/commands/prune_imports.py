import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rehat.organizations.models import ImportBatch


class Command(BaseCommand):
    help = "Delete uploaded import files that were never applied (they hold personal data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="keep uploads this many days")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=options["days"])
        deleted, _ = ImportBatch.objects.filter(applied__isnull=True, created__lt=cutoff).delete()
        self.stdout.write(f"{deleted} unggahan impor yang tidak diterapkan dihapus.")

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rehat.checkins.models import Period
from rehat.insights.domain.releasing import pending_periods, release_one, release_pending
from rehat.insights.tasks import schedule_release_pending
from rehat.releases.domain import ReleaseError


class Command(BaseCommand):
    help = (
        "Release the aggregates of closed periods (noise, ε ledger, threshold, suppression). "
        "--pending releases every closed, unreleased period; --period CODE one period; "
        "--schedule queues the nightly release task for the worker. Without options, list "
        "the periods that wait."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pending", action="store_true")
        parser.add_argument("--period")
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["period"]:
            period = Period.objects.filter(code=options["period"]).first()
            if period is None:
                raise CommandError(f"no period {options['period']}")
            try:
                release = release_one(period=period)
            except ReleaseError as e:
                raise CommandError(str(e)) from None
            self.stdout.write(f"released {release.period}: ε {release.epsilon:g} per bucket")
        if options["pending"]:
            result = release_pending()
            for code in result["released"]:
                self.stdout.write(f"released {code}")
            for code in result["refused"]:
                self.stderr.write(f"refused {code} (see the log)")
        if options["schedule"]:
            queued = schedule_release_pending(run_after=None)
            self.stdout.write("queued" if queued else "not queued (one waits, or no queue)")
        if not (options["period"] or options["pending"] or options["schedule"]):
            for period in pending_periods():
                self.stdout.write(f"waiting: {period.code} ({period.kind})")

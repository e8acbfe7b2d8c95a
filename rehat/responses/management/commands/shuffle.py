"""`rehat shuffle`: move waiting check-in answers in shuffled batches, on a fixed beat.

`rehat serve` runs it beside gunicorn (`--every 1`). A deployment that serves the
anonymous endpoints from its own process runs it there too, with the anonymous
database's credentials only. The beat is fixed and the command prints nothing per beat,
so neither its timing nor its output follows any one arrival.
"""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from rehat.responses.domain import logger, move_due


class Command(BaseCommand):
    help = (
        "Move every token bucket's waiting check-in answers in one shuffled batch once "
        "REHAT_SHUFFLE_BATCH of them wait; with --every SECONDS, repeat until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, default=0.0, help="repeat every SECONDS (default: once)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every: float = options["every"]
        if every <= 0:
            moved = move_due()
            self.stdout.write(f"{moved} answers moved")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        while not stop.wait(every):
            close_old_connections()
            try:
                move_due()
            except DatabaseError:
                # Nothing is lost: the rows stay pending and the next beat tries again.
                logger.exception("moving pending answers failed; they stay pending")

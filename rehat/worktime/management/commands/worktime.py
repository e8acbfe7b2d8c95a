"""rehat worktime analyze FILE... [--json] [--tz Asia/Jakarta] [--date-order auto|dmy|mdy|ymd]
[--from DATE --to DATE] [--schedule perpres|six_day|shift|ramadan]

Reads WhatsApp exports (.txt or .zip) and calendars (.ics) and prints the always-on metrics.
Nothing is stored. --from is inclusive and --to exclusive, both read in the office time zone.
"""

import datetime
import json
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError

from rehat.schedule.domain.hours import PROFILES, get_profile, resolve_zone
from rehat.worktime.domain.analysis import FileUnreadable, Options, analyze_file
from rehat.worktime.domain.whatsapp import DateOrder


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _zone(text: str) -> ZoneInfo:
    try:
        return resolve_zone(name=text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArgumentTypeError(f"unknown time zone: {text}") from None


class Command(BaseCommand):
    help = "Always-on metrics of WhatsApp exports and calendars (subcommand: analyze)."
    # Reads files only: no need for the URL and model checks (and their import time).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["analyze"])
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--tz", type=_zone, default=resolve_zone(name=None))
        parser.add_argument("--date-order", choices=["auto", "dmy", "mdy", "ymd"], default="auto")
        parser.add_argument("--from", dest="start", type=_date)
        parser.add_argument("--to", dest="end", type=_date)
        parser.add_argument("--schedule", choices=sorted(PROFILES), default="perpres")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["start"] and options["end"] and options["end"] <= options["start"]:
            raise CommandError("--to must be after --from")
        order = options["date_order"]
        results: list[dict[str, object]] = []
        failed = False
        for name in options["files"]:
            settings = Options(
                tz=options["tz"],
                date_order=None if order == "auto" else cast(DateOrder, order),
                start=options["start"],
                end=options["end"],
                profile=get_profile(name=options["schedule"]),
            )
            path = Path(name)
            try:
                with path.open("rb") as source:
                    results.append(analyze_file(source=source, name=path.name, options=settings))
            except FileUnreadable as error:
                failed = True
                results.append({"file": name, "error": error.message})
            except OSError as error:
                failed = True
                results.append({"file": name, "error": error.strerror or str(error)})
            else:
                results[-1] = {"file": name, **results[-1]}
        if options["json"]:
            payload: object = results[0] if len(results) == 1 else results
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for result in results:
                self.stdout.write(_text(result))
        if failed:
            raise CommandError("some files could not be read", returncode=2)


def _text(result: dict[str, Any]) -> str:
    lines = [str(result["file"])]
    if "error" in result:
        return f"{result['file']}: {result['error']}"
    source = result["source"]
    lines.append("  " + ", ".join(f"{key}={value}" for key, value in source.items()))
    for key, value in result.items():
        if key in ("file", "source", "metrics"):
            continue
        lines.append(f"  {key}: {value}")
    for key, value in result["metrics"].items():
        lines.append(f"  {key}: {value}")
    return "\n".join(lines)

"""One file in, one summary out: what the command line prints and the upload stores."""

import datetime
import secrets
from dataclasses import dataclass, field
from typing import IO, BinaryIO
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from rehat.organizations.models import Unit
from rehat.schedule.domain.hours import PERPRES, Profile, Schedule, load_schedule
from rehat.worktime.domain.ics import CalendarUnreadable, measure_calendar, read_calendar
from rehat.worktime.domain.metrics import ChatMeasure, measure_chat
from rehat.worktime.domain.whatsapp import (
    ChatActivity,
    ChatUnreadable,
    DateOrder,
    open_chat_text,
    parse_chat,
    pseudonym,
)

CALENDAR_LIMIT = 20 * 1024 * 1024  # .ics files are read whole (icalendar needs it)


class FileUnreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Options:
    tz: ZoneInfo
    date_order: DateOrder | None = None  # None: decide from the file
    start: datetime.date | None = None  # inclusive
    end: datetime.date | None = None  # exclusive
    profile: Profile = PERPRES
    unit: Unit | None = None
    leader_names: tuple[str, ...] = ()
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))


@dataclass
class ChatResult:
    activity: ChatActivity
    measure: ChatMeasure
    schedule: Schedule
    leaders: frozenset[int]

    def to_dict(self) -> dict[str, object]:
        bounds = self.activity.bounds()
        return {
            "source": self.activity.detection.to_dict(),
            "messages": self.activity.message_count(),
            "system_notices": self.activity.notice_count(),
            "authors": self.activity.active_authors(),
            "first": bounds[0].isoformat() if bounds else None,
            "last": bounds[1].isoformat() if bounds else None,
            "notice_kinds": dict(sorted(self.activity.notice_kinds.items())),
            "activity_kinds": dict(sorted(self.activity.activity_kinds.items())),
            "skipped": dict(sorted(self.activity.skipped.items())),
            "schedule": self.schedule.profile.name,
            "metrics": self.measure.metrics,
        }


def _is_calendar(head: bytes, name: str) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().upper()
    return name.lower().endswith(".ics") or text.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT"))


def analyze_chat(*, text: IO[str], options: Options) -> ChatResult:
    activity = parse_chat(
        text=text,
        salt=options.salt,
        date_order=options.date_order,
        start=options.start,
        end=options.end,
    )
    days = sorted(activity.messages) or [datetime.date.today()]
    schedule = load_schedule(
        profile=options.profile, start=days[0], end=days[-1], unit=options.unit
    )
    wanted = {pseudonym(salt=options.salt, name=name) for name in options.leader_names}
    leaders = frozenset(i for i, label in enumerate(activity.authors) if label in wanted)
    measure = measure_chat(activity=activity, schedule=schedule, leaders=leaders)
    return ChatResult(activity=activity, measure=measure, schedule=schedule, leaders=leaders)


def analyze_calendar(*, data: bytes, options: Options) -> dict[str, object]:
    read = read_calendar(data=data, tz=options.tz, start=options.start, end=options.end)
    last = max(read.start, read.end - datetime.timedelta(days=1))
    schedule = load_schedule(profile=options.profile, start=read.start, end=last, unit=options.unit)
    metrics = measure_calendar(read=read, schedule=schedule, tz=options.tz)
    return {
        "source": {"kind": "calendar", "format": "ics", "time_zone": str(options.tz)},
        "events": read.events,
        "cancelled": read.cancelled,
        "window": {"from": read.start.isoformat(), "to": read.end.isoformat()},
        "schedule": schedule.profile.name,
        "metrics": metrics,
    }


def analyze_file(*, source: BinaryIO, name: str, options: Options) -> dict[str, object]:
    """The summary of one chat export or calendar; raises FileUnreadable with a message."""
    head = source.read(64)
    source.seek(0)
    if not head:
        raise FileUnreadable(_("Berkas kosong."))
    try:
        if _is_calendar(head, name):
            data = source.read(CALENDAR_LIMIT + 1)
            if len(data) > CALENDAR_LIMIT:
                raise FileUnreadable(_("Kalender lebih besar dari 20 MB."))
            return analyze_calendar(data=data, options=options)
        text = open_chat_text(source=source, name=name)
        return analyze_chat(text=text, options=options).to_dict()
    except (ChatUnreadable, CalendarUnreadable) as error:
        raise FileUnreadable(error.message) from None

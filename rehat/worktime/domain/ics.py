"""Calendars (.ics): occurrences through icalendar and recurring-ical-events, then metrics.

Broken components (a VEVENT without a usable DTSTART, a duplicate with a lower SEQUENCE)
are dropped one by one and counted, so one bad event never loses the whole calendar.
Times are judged in the office time zone: UTC and zoned times are converted, floating times
are read as office time. All-day events are counted as events but are not meetings.

Without a window the whole calendar is read: from the first event's day to one day after
the last start, end, RDATE or UNTIL in the file, and rules without an end are cut at
HORIZON_DAYS after the latest start in the file.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from rehat.schedule.domain.hours import Schedule
from rehat.worktime.domain.metrics import minute_flags

HORIZON_DAYS = 365
SHORT_NOTICE = datetime.timedelta(hours=6)
FOCUS_MINUTES = 60


class CalendarUnreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Meeting:
    start: datetime.datetime  # office time, aware
    end: datetime.datetime
    created: datetime.datetime | None


@dataclass
class CalendarRead:
    meetings: list[Meeting]
    all_day: int
    cancelled: int
    broken: int
    start: datetime.date  # window, end exclusive
    end: datetime.date

    @property
    def events(self) -> int:
        return len(self.meetings) + self.all_day


def _as_office(value: datetime.date | datetime.datetime, tz: ZoneInfo) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value, datetime.time(), tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _load(data: bytes) -> icalendar.Calendar:
    text = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.upper().startswith(b"BEGIN:VCALENDAR"):
        if b"BEGIN:VEVENT" not in text.upper():
            raise CalendarUnreadable(_("Berkas ini bukan kalender iCalendar (.ics)."))
        text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rehat//\r\n" + text
        text += b"\r\nEND:VCALENDAR\r\n"
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise CalendarUnreadable(
            _("Kalender tidak dapat dibaca: %(error)s") % {"error": str(error)[:200]}
        ) from None
    if not calendars:
        raise CalendarUnreadable(_("Berkas ini bukan kalender iCalendar (.ics)."))
    return calendars[0]


def _usable(event: Any) -> bool:
    try:
        start = event.start
        end = event.end
    except Exception:  # any broken value makes the component unusable
        return False
    return isinstance(start, datetime.date) and isinstance(end, datetime.date)


def _sequence(event: Any) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _clean(calendar: icalendar.Calendar) -> tuple[icalendar.Calendar, list[Any], int]:
    """A calendar of the usable components only, its events, and the number dropped."""
    cleaned = icalendar.Calendar()
    for key, value in calendar.property_items(recursive=False)[1:-1]:
        cleaned.add(key, value)
    broken = 0
    chosen: dict[tuple[str, str], Any] = {}
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE":
            cleaned.add_component(component)
            continue
        if component.name != "VEVENT":
            continue
        if not _usable(component):
            broken += 1
            continue
        instance = (
            str(component.get("UID", id(component))),
            str(component.get("RECURRENCE-ID", "")),
        )
        current = chosen.get(instance)
        if current is not None:
            broken += 1  # the same instance twice: the highest SEQUENCE wins
            if _sequence(current) > _sequence(component):
                continue
        chosen[instance] = component
    for event in chosen.values():
        cleaned.add_component(event)
    return cleaned, list(chosen.values()), broken


def _rules(event: Any) -> list[Any]:
    found = event.get("RRULE")
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def _bounds(events: Iterable[Any], tz: ZoneInfo) -> tuple[datetime.date, datetime.date, bool]:
    """(first day, a generous end, whether some rule never ends)."""
    starts: list[datetime.date] = []
    ends: list[datetime.date] = []
    open_ended = repeating = False
    for event in events:
        starts.append(_as_office(event.start, tz).date())
        ends.append(_as_office(event.end, tz).date())
        for rule in _rules(event):
            repeating = True
            if not rule.get("UNTIL") and not rule.get("COUNT"):
                open_ended = True
        repeating = repeating or event.get("RDATE") is not None
    if not starts:
        today = datetime.date.today()
        return today, today, False
    last = max(ends)
    if repeating:
        last = max(last, max(starts) + datetime.timedelta(days=HORIZON_DAYS))
    return min(starts), last + datetime.timedelta(days=1), open_ended


def read_calendar(
    *,
    data: bytes,
    tz: ZoneInfo,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> CalendarRead:
    """Occurrences overlapping [start, end) in office time; raises CalendarUnreadable."""
    calendar, events, broken = _clean(_load(data))
    shrink = False
    if start is None or end is None:
        first, last, open_ended = _bounds(events, tz)
        shrink = end is None and not open_ended
        start = start or first
        end = end or last
    window = (_as_office(start, tz), _as_office(end, tz))
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(*window))
    except Exception as error:  # the library's errors have no common base
        raise CalendarUnreadable(
            _("Pengulangan acara dalam kalender tidak dapat dihitung: %(error)s")
            % {"error": str(error)[:200]}
        ) from None
    if shrink and occurrences:
        # The whole calendar: up to the day after the last occurrence ends.
        end = max(_as_office(o.end, tz).date() for o in occurrences) + datetime.timedelta(days=1)
    read = CalendarRead(meetings=[], all_day=0, cancelled=0, broken=broken, start=start, end=end)
    for occurrence in occurrences:
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            read.cancelled += 1
            continue
        begin, finish = occurrence.start, occurrence.end
        if not isinstance(begin, datetime.datetime):
            read.all_day += 1
            continue
        created = occurrence.get("CREATED")
        read.meetings.append(
            Meeting(
                start=_as_office(begin, tz),
                end=max(_as_office(finish, tz), _as_office(begin, tz)),
                created=_as_office(created.dt, tz) if created is not None else None,
            )
        )
    return read


def _pieces(
    meeting: Meeting, window: tuple[datetime.datetime, datetime.datetime]
) -> Iterable[tuple[datetime.date, int, int]]:
    """(date, start minute, end minute) of a meeting, split at midnight, inside the window."""
    begin, finish = max(meeting.start, window[0]), min(meeting.end, window[1])
    while begin < finish:
        midnight = datetime.datetime.combine(
            begin.date() + datetime.timedelta(days=1), datetime.time(), begin.tzinfo
        )
        stop = min(finish, midnight)
        first = begin.hour * 60 + begin.minute
        last = first + round((stop - begin).total_seconds() / 60)
        yield begin.date(), first, last
        begin = stop


def measure_calendar(
    *, read: CalendarRead, schedule: Schedule, tz: ZoneInfo
) -> dict[str, float | int | None]:
    window = (_as_office(read.start, tz), _as_office(read.end, tz))
    minutes = after = weekend = 0
    busy: dict[datetime.date, list[tuple[int, int]]] = {}
    with_created = short = 0
    for meeting in read.meetings:
        for day, first, last in _pieces(meeting, window):
            flags = minute_flags(schedule.spans(day))
            inside = sum(flags[first:last])
            minutes += last - first
            after += last - first - inside
            if day.weekday() >= 5 and not schedule.is_working_day(day):
                weekend += last - first
            busy.setdefault(day, []).append((first, last))
        if meeting.created is not None:
            with_created += 1
            lead = meeting.start - meeting.created
            if datetime.timedelta(0) <= lead < SHORT_NOTICE:
                short += 1
    blocks, focus = _focus(read, schedule, busy)
    return {
        "events": read.events,
        "cancelled": read.cancelled,
        "broken_components": read.broken,
        "all_day_events": read.all_day,
        "meetings": len(read.meetings),
        "meeting_hours": round(minutes / 60, 2),
        "after_hours_meeting_hours": round(after / 60, 2),
        "weekend_meeting_hours": round(weekend / 60, 2),
        "meetings_with_created": with_created,
        "short_notice_meetings": short,
        "focus_blocks": blocks,
        "focus_hours": round(focus / 60, 2),
    }


def _focus(
    read: CalendarRead, schedule: Schedule, busy: dict[datetime.date, list[tuple[int, int]]]
) -> tuple[int, int]:
    """Uninterrupted stretches of at least an hour inside working hours, without meetings."""
    blocks = total = 0
    day = read.start
    while day < read.end:
        taken = sorted(busy.get(day, []))
        for start, end in schedule.spans(day):
            cursor = start
            for first, last in [*taken, (end, end)]:
                if last <= cursor:
                    continue
                gap = min(first, end) - cursor
                if gap >= FOCUS_MINUTES:
                    blocks += 1
                    total += gap
                cursor = max(cursor, last)
                if cursor >= end:
                    break
        day += datetime.timedelta(days=1)
    return blocks, total

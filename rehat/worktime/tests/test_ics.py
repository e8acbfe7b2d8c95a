import datetime
from zoneinfo import ZoneInfo

import pytest

from rehat.schedule.domain.hours import PERPRES, make_schedule
from rehat.worktime.domain.ics import CalendarUnreadable, measure_calendar, read_calendar

WIB = ZoneInfo("Asia/Jakarta")


def _ics(*events: str, header: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{header}{body}END:VCALENDAR\r\n"
    return text.replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode()


def _read(data: bytes, start=None, end=None):
    return read_calendar(data=data, tz=WIB, start=start, end=end)


def _schedule(start, end):
    return make_schedule(profile=PERPRES, start=start, end=end, holidays={}, ramadan=False)


WEEKLY = """
UID:weekly
DTSTART;TZID=Asia/Jakarta:20240101T090000
DTEND;TZID=Asia/Jakarta:20240101T100000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Asia/Jakarta:20240108T090000
"""


def test_rrule_with_exdate():
    read = _read(_ics(WEEKLY))

    assert [m.start.date() for m in read.meetings] == [
        datetime.date(2024, 1, 1),
        datetime.date(2024, 1, 15),
        datetime.date(2024, 1, 22),
    ]
    assert (read.start, read.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 1, 23))


def test_recurrence_id_moves_one_instance_and_cancelled_ones_are_counted_apart():
    moved = """
UID:weekly
RECURRENCE-ID:20240115T020000Z
DTSTART;TZID=Asia/Jakarta:20240115T170000
DTEND;TZID=Asia/Jakarta:20240115T183000
"""
    cancelled = """
UID:weekly
RECURRENCE-ID;TZID=Asia/Jakarta:20240122T090000
DTSTART;TZID=Asia/Jakarta:20240122T090000
DTEND;TZID=Asia/Jakarta:20240122T100000
STATUS:CANCELLED
"""
    read = _read(_ics(WEEKLY, moved, cancelled))

    assert read.events == 2
    assert read.cancelled == 1
    assert read.meetings[1].start == datetime.datetime(2024, 1, 15, 17, 0, tzinfo=WIB)


def test_utc_and_windows_zone_names_are_judged_in_office_time():
    utc = "UID:u\r\nDTSTART:20240102T100000Z\r\nDTEND:20240102T110000Z"  # 17.00 WIB
    windows = (
        "UID:w\r\nDTSTART;TZID=SE Asia Standard Time:20240103T160000\r\n"
        "DTEND;TZID=SE Asia Standard Time:20240103T170000"
    )
    read = _read(_ics(utc, windows))
    metrics = measure_calendar(read=read, schedule=_schedule(read.start, read.end), tz=WIB)

    assert read.meetings[0].start.hour == 17
    assert read.meetings[1].start.hour == 16
    assert metrics["meeting_hours"] == 2.0
    assert metrics["after_hours_meeting_hours"] == 2.0


def test_broken_components_are_skipped_one_by_one():
    broken = "UID:b\r\nRECURRENCE-ID:20240104T150000\r\nSUMMARY:no start"
    good = "UID:g\r\nDTSTART:20240105T100000\r\nDTEND:20240105T110000"

    read = _read(_ics(broken, good))

    assert read.broken == 1
    assert read.events == 1
    assert read.meetings[0].start == datetime.datetime(2024, 1, 5, 10, tzinfo=WIB)  # floating


def test_meeting_is_split_at_the_end_of_the_day_and_at_the_weekend():
    friday = (
        "UID:f\r\nDTSTART;TZID=Asia/Jakarta:20240105T150000\r\n"
        "DTEND;TZID=Asia/Jakarta:20240106T010000"
    )
    read = _read(_ics(friday))
    metrics = measure_calendar(read=read, schedule=_schedule(read.start, read.end), tz=WIB)

    assert metrics["meeting_hours"] == 10.0
    assert metrics["after_hours_meeting_hours"] == 8.5  # 16.30–24.00 and Saturday 00–01
    assert metrics["weekend_meeting_hours"] == 1.0


def test_short_notice_needs_created_and_focus_blocks_count_free_hours():
    short = (
        "UID:s\r\nCREATED:20240102T010000Z\r\nDTSTART;TZID=Asia/Jakarta:20240102T120000\r\n"
        "DTEND;TZID=Asia/Jakarta:20240102T130000"
    )
    planned = (
        "UID:p\r\nCREATED:20231220T010000Z\r\nDTSTART;TZID=Asia/Jakarta:20240102T083000\r\n"
        "DTEND;TZID=Asia/Jakarta:20240102T090000"
    )
    read = _read(_ics(short, planned), datetime.date(2024, 1, 2), datetime.date(2024, 1, 3))
    metrics = measure_calendar(read=read, schedule=_schedule(read.start, read.end), tz=WIB)

    assert metrics["meetings_with_created"] == 2
    assert metrics["short_notice_meetings"] == 1  # booked 08.00 WIB for 12.00
    # Free: 07.30–08.30 (1 h), 09.00–12.00 (3 h), 13.00–16.00 (3 h).
    assert (metrics["focus_blocks"], metrics["focus_hours"]) == (3, 7.0)


def test_window_excludes_the_end_and_open_rules_stop_at_the_horizon():
    daily = (
        "UID:d\r\nDTSTART;TZID=Asia/Jakarta:20240101T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY"
    )

    windowed = _read(_ics(daily), datetime.date(2024, 1, 2), datetime.date(2024, 1, 4))
    whole = _read(_ics(daily))

    assert windowed.events == 2
    assert whole.end == datetime.date(2024, 12, 31) + datetime.timedelta(days=1)
    assert whole.events == 366


def test_all_day_events_are_events_not_meetings_and_bare_vevent_is_read():
    data = b"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20240110\r\nEND:VEVENT\r\n"

    read = _read(data)

    assert (read.events, read.all_day, len(read.meetings)) == (1, 1, 0)


@pytest.mark.parametrize("data", [b"hello", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:xx"])
def test_unreadable_calendar_gets_a_clear_message(data):
    with pytest.raises(CalendarUnreadable) as raised:
        _read(data)

    assert raised.value.message

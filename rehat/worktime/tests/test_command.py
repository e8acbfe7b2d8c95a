import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).parent / "fixtures"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    b"DTSTART;TZID=Asia/Jakarta:20240102T150000\r\nDURATION:PT2H\r\n"
    b"RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    b"RECURRENCE-ID;TZID=Asia/Jakarta:20240103T150000\r\n"
    b"DTSTART;TZID=Asia/Jakarta:20240103T150000\r\nDURATION:PT2H\r\n"
    b"STATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _run(*args: str) -> object:
    out = StringIO()
    call_command("worktime", "analyze", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_analyze_chat_prints_the_documented_json():
    result = _run(str(FIXTURES / "id_android.txt"))

    assert result["source"] == {
        "kind": "whatsapp",
        "platform": "android",
        "format": "DD/MM/YY HH.MM - Name: text",
        "date_order": "dmy",
        "decided_by": "value_above_12",
        "ambiguous": False,
        "clock": "24h",
        "reasons": [
            "0 of 8 headers in brackets: android",
            "a first field above 12 (20)",
            "no AM/PM marker: 24-hour clock",
        ],
    }
    assert (result["messages"], result["system_notices"], result["authors"]) == (6, 2, 3)
    assert (result["first"], result["last"]) == ("2022-03-14T08:05:00", "2022-03-20T09:30:00")
    assert result["metrics"]["after_hours_messages"] == 5


@pytest.mark.django_db
def test_analyze_several_files_gives_a_list_with_calendars(tmp_path):
    calendar = tmp_path / "rapat.ics"
    calendar.write_bytes(ICS)

    result = _run(str(FIXTURES / "id_ios.txt"), str(calendar), "--tz", "WIB")

    assert [item["source"]["kind"] for item in result] == ["whatsapp", "calendar"]
    assert (result[1]["events"], result[1]["cancelled"]) == (2, 1)
    assert result[1]["metrics"]["after_hours_meeting_hours"] == 2.0


@pytest.mark.django_db
def test_window_is_from_inclusive_to_exclusive():
    result = _run(str(FIXTURES / "id_android.txt"), "--from", "2022-03-14", "--to", "2022-03-19")

    assert (result["messages"], result["system_notices"]) == (3, 1)
    assert result["last"] == "2022-03-15T07:00:00"


@pytest.mark.django_db
def test_unreadable_file_is_reported_and_exits_nonzero(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("not a chat\n")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("worktime", "analyze", str(junk), "--json", stdout=out)

    assert "error" in json.loads(out.getvalue())

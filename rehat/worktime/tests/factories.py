"""Worktime reports built from counts, as an upload would store them (no file needed)."""

import datetime
from collections.abc import Iterable
from typing import Any

from rehat.worktime.models import Author, HourCount, Report

# (author number, date, hour, messages, after-hours messages)
Row = tuple[int, datetime.date, int, int, int]


def make_chat_report(
    *,
    uploader: Any,
    rows: Iterable[Row],
    unit: Any = None,
    private: bool = False,
    schedule: str = "perpres",
    leaders: Iterable[int] = (),
    me: Iterable[int] = (),
    title: str = "Grup",
) -> Report:
    rows = list(rows)
    report = Report.objects.create(
        kind=Report.Kind.CHAT,
        title=title,
        unit=unit,
        uploaded_by=uploader,
        private=private,
        time_zone="Asia/Jakarta",
        schedule=schedule,
    )
    leaders, me = set(leaders), set(me)
    authors: dict[int, Author] = {}
    for number in sorted({row[0] for row in rows}):
        authors[number] = Author.objects.create(
            report=report,
            pseudonym=f"P-{report.pk:04d}{number:04d}",
            leader=number in leaders,
            is_me=number in me,
            messages=sum(r[3] for r in rows if r[0] == number),
            after_hours=sum(r[4] for r in rows if r[0] == number),
        )
    HourCount.objects.bulk_create(
        HourCount(
            report=report,
            author=authors[number],
            date=day,
            hour=hour,
            messages=messages,
            after_hours=after,
        )
        for number, day, hour, messages, after in rows
    )
    return report

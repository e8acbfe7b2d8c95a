"""Uploads become reports: the file is read once, in memory, and only counts are stored."""

from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.organizations.models import Unit
from rehat.worktime.domain.analysis import (
    FileUnreadable,
    Options,
    _is_calendar,
    analyze_calendar,
    analyze_chat,
)
from rehat.worktime.domain.ics import CalendarUnreadable
from rehat.worktime.domain.metrics import count_hours
from rehat.worktime.domain.reports import calendar_charts
from rehat.worktime.domain.whatsapp import ChatUnreadable, open_chat_text
from rehat.worktime.models import Author, HourCount, Report


class AmbiguousDates(Exception):
    """The file cannot tell day-first from month-first: the uploader must choose."""


def create_report(
    *,
    source: BinaryIO,
    name: str,
    title: str,
    options: Options,
    unit: Unit | None,
    uploader: User,
    private: bool,
) -> Report:
    head = source.read(64)
    source.seek(0)
    if not head:
        raise FileUnreadable(_("Berkas kosong."))
    report = Report(
        title=title,
        unit=unit,
        uploaded_by=uploader,
        private=private,
        time_zone=str(options.tz),
        schedule=options.profile.name,
    )
    try:
        if _is_calendar(head, name):
            data = source.read()
            summary = analyze_calendar(data=data, options=options)
            report.kind = Report.Kind.CALENDAR
            report.source = summary["source"]
            report.metrics = summary["metrics"]
            report.heatmap, report.weekly = calendar_charts(data=data, options=options)
            with transaction.atomic():
                report.save()
                log_action(
                    actor=uploader,
                    action=Entry.Action.CREATE,
                    target=report,
                    changes={"kind": report.kind},
                )
            return report
        result = analyze_chat(text=open_chat_text(source=source, name=name), options=options)
    except (ChatUnreadable, CalendarUnreadable) as error:
        raise FileUnreadable(error.message) from None
    detection = result.activity.detection
    if detection.ambiguous and options.date_order is None:
        raise AmbiguousDates(" ".join(detection.reasons))
    report.kind = Report.Kind.CHAT
    summary = result.to_dict()
    report.source = summary["source"]
    report.metrics = {
        **result.measure.metrics,
        "system_notices": summary["system_notices"],
        "authors": summary["authors"],
        "first": summary["first"],
        "last": summary["last"],
    }
    report.heatmap = result.measure.heatmap
    report.weekly = [
        [week.isoformat(), counts[0], counts[1]]
        for week, counts in sorted(result.measure.weekly.items())
    ]
    rows = count_hours(activity=result.activity, schedule=result.schedule)
    with transaction.atomic():
        report.save()
        authors: dict[int, Author] = {}
        for number, label in enumerate(result.activity.authors):
            authors[number] = Author(
                report=report, pseudonym=label, leader=number in result.leaders
            )
        for (_day, _hour, number), (messages, after) in rows.items():
            authors[number].messages += messages
            authors[number].after_hours += after
        Author.objects.bulk_create([a for a in authors.values() if a.messages])
        HourCount.objects.bulk_create(
            [
                HourCount(
                    report=report,
                    author=authors[number],
                    date=day,
                    hour=hour,
                    messages=messages,
                    after_hours=after,
                )
                for (day, hour, number), (messages, after) in rows.items()
            ],
            batch_size=2000,
        )
        log_action(
            actor=uploader,
            action=Entry.Action.CREATE,
            target=report,
            changes={"kind": report.kind},
        )
    return report


def set_leaders(*, report: Report, pseudonyms: set[str], actor: User) -> Report:
    """Mark leader pseudonyms and recompute the leader share of after-hours messages."""
    authors = list(report.authors.all())
    for author in authors:
        author.leader = author.pseudonym in pseudonyms
    Author.objects.bulk_update(authors, ["leader"])
    after = sum(a.after_hours for a in authors)
    led = sum(a.after_hours for a in authors if a.leader)
    metrics = dict(report.metrics)
    metrics["leader_after_hours_messages"] = led
    metrics["leader_after_hours_share"] = round(led / after, 4) if after else None
    report.metrics = metrics
    report.save(update_fields=["metrics"])
    log_action(
        actor=actor,
        action=Entry.Action.UPDATE,
        target=report,
        changes={"leaders": len(pseudonyms)},
    )
    return report

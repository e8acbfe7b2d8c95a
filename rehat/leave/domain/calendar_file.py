"""An .ics file of approved leave for the employee's own calendar."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from rehat.leave.models import LeaveRequest


def describe_travel(*, leave_request: LeaveRequest) -> str:
    """The travel days of cuti tahunan spent somewhere hard to reach: the last days of the
    period. Only the days: no reason, no place (calendars get shared)."""
    days = leave_request.travel_days
    if not days:
        return ""
    first = leave_request.end - datetime.timedelta(days=days - 1)
    return ngettext(
        "Termasuk %(days)d hari kalender perjalanan (%(first)s sampai %(last)s) yang "
        "tidak mengurangi saldo cuti.",
        "Termasuk %(days)d hari kalender perjalanan (%(first)s sampai %(last)s) yang "
        "tidak mengurangi saldo cuti.",
        days,
    ) % {
        "days": days,
        "first": date_format(first, "j F Y"),
        "last": date_format(leave_request.end, "j F Y"),
    }


def build_ics(*, leave_request: LeaveRequest) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Rehat//Cuti//ID")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{leave_request.code}@rehat")
    # Calendars get shared: sick and recovery leave look alike here too.
    event.add("summary", leave_request.category(reveal=False))
    event.add("dtstart", leave_request.start)
    event.add("dtend", leave_request.end + datetime.timedelta(days=1))  # DTEND is exclusive
    event.add("dtstamp", leave_request.created)
    event.add("transp", "OPAQUE")
    travel = describe_travel(leave_request=leave_request)
    if travel:
        event.add("description", travel)
    event.add("url", settings.SITE_URL + reverse("leave:request-detail", args=[leave_request.code]))
    calendar.add_component(event)
    return bytes(calendar.to_ical())

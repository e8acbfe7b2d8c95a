"""An .ics file of approved leave for the employee's own calendar."""

import datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from rehat.leave.models import LeaveRequest


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
    event.add("url", settings.SITE_URL + reverse("leave:request-detail", args=[leave_request.code]))
    calendar.add_component(event)
    return bytes(calendar.to_ical())

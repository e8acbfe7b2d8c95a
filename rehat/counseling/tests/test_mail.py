import datetime
import io

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from rehat.counseling.domain.booking import cancel_booking
from rehat.counseling.tests.helpers import book, future, make_counselor, named


def _calendar(message) -> icalendar.Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype.split(";")[0]) == ("janji-temu.ics", "text/calendar")
    return icalendar.Calendar.from_ical(content)


@pytest.mark.django_db
def test_the_reminder_carries_a_valid_calendar_file(org, django_capture_on_commit_callbacks):
    booking = named(org, make_counselor(org, place="Ruang Melati"), future(days=1))
    mail.outbox.clear()

    call_command("counseling_reminders", "--hours", "48", stdout=io.StringIO())
    call_command("counseling_reminders", "--hours", "48", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[org.employee.user.email]]
    (event,) = _calendar(mail.outbox[0]).walk("VEVENT")
    assert str(event["UID"]) == f"{booking.code}@rehat"
    assert event.decoded("DTSTART") == booking.starts
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=50)
    assert str(event["LOCATION"]) == "ruangan: Ruang Melati"
    assert str(event["SUMMARY"]) == "Janji temu (Rehat)"  # no "counseling" on a lock screen


@pytest.mark.django_db
def test_pseudonymous_bookings_get_no_email(org, django_capture_on_commit_callbacks):
    make_counselor(org).user.__class__.objects.filter(pk=org.counselor.user.pk).update(email=None)
    with django_capture_on_commit_callbacks(execute=True):
        book(org, make_counselor(org), future(days=1), mode="pseudonymous", contact="a@b.c")
    call_command("counseling_reminders", stdout=io.StringIO())

    assert mail.outbox == []


@pytest.mark.django_db
def test_a_cancellation_sends_the_same_event_cancelled(org, django_capture_on_commit_callbacks):
    booking = named(org, make_counselor(org), future())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, by="counselor", now=timezone.now())

    (event,) = _calendar(mail.outbox[-1]).walk("VEVENT")
    assert (str(event["STATUS"]), event["SEQUENCE"], str(event["UID"])) == (
        "CANCELLED",
        1,
        f"{booking.code}@rehat",
    )
    assert [m.to for m in mail.outbox] == [[org.employee.user.email]]

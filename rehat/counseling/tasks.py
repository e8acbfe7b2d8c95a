"""Counseling mail: thin tasks that take a booking code and call the domain."""

import datetime
from uuid import UUID

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from rehat.counseling.domain.mail import Letter, counselor_letter, employee_letter
from rehat.counseling.models import Booking
from rehat.lib.recurring import schedule_once

ICS_NAME = "janji-temu.ics"


def send_letter(letter: Letter) -> None:
    message = EmailMessage(subject=letter.subject, body=letter.body, to=letter.to)
    if letter.ics is not None:
        message.attach(ICS_NAME, letter.ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


@task()
def send_booking_email(*, booking_code: str, kind: str, by: str) -> None:
    booking = (
        Booking.objects.select_related("counselor__user").filter(code=UUID(booking_code)).first()
    )
    if booking is None:
        return
    now = timezone.now()
    for letter in (
        employee_letter(booking=booking, kind=kind, by=by, now=now),
        counselor_letter(booking=booking, kind=kind, by=by),
    ):
        if letter is not None:
            send_letter(letter)


def enqueue_booking_email(*, booking: Booking, kind: str, by: str) -> None:
    code = str(booking.code)
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_code=code, kind=kind, by=by))


def send_due_reminders(*, now: datetime.datetime, ahead: datetime.timedelta) -> int:
    """Claim each named booking that starts within `ahead` once (a conditional UPDATE),
    then send its reminder with the calendar file. Returns how many were sent."""
    due = Booking.objects.filter(
        mode=Booking.Mode.NAMED,
        status=Booking.Status.BOOKED,
        reminded=False,
        starts__gt=now,
        starts__lte=now + ahead,
    ).values_list("pk", "code")
    sent = 0
    for pk, code in list(due):
        if Booking.objects.filter(pk=pk, reminded=False).update(reminded=True) != 1:
            continue  # another worker took it
        send_booking_email.call(booking_code=str(code), kind="reminder", by="")
        sent += 1
    return sent


def next_hour(*, now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)


@task()
def send_reminders_task() -> int:
    """Hourly: remind named bookings due within a day, then queue the next run."""
    try:
        return send_due_reminders(now=timezone.now(), ahead=datetime.timedelta(hours=24))
    finally:
        schedule_once(send_reminders_task, run_after=next_hour(now=timezone.now()))

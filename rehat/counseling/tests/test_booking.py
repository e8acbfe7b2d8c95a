import datetime

import pytest
from django.core import mail
from django.utils import timezone

from rehat.audit.models import Entry
from rehat.counseling.domain.booking import (
    BookingError,
    book_session,
    bookings_of,
    cancel_booking,
    find_pseudonymous,
    read_contact,
    read_screening,
    record_attendance,
    reschedule_booking,
    share_screening,
)
from rehat.counseling.models import Booking, ServiceConfig
from rehat.counseling.tests.helpers import book, future, make_counselor, named, offer
from rehat.lib import boxes


@pytest.mark.django_db
def test_a_named_booking_keeps_no_name_in_the_clear(org):
    counselor = make_counselor(org)

    booking = named(org, counselor, future())

    row = Booking.objects.values("holder", "sealed_contact").get()
    assert org.employee.user.name.encode() not in bytes(row["sealed_contact"])
    assert bookings_of(user=org.employee.user) == [booking]
    assert bookings_of(user=org.leader.user) == []
    assert read_contact(booking=booking, reader=org.counselor.user) == {
        "name": org.employee.user.name,
        "email": org.employee.user.email,
        "unit": "Bidang Alfa Satu",
    }


@pytest.mark.django_db
def test_booking_writes_nothing_to_the_audit_log_about_the_employee(org):
    counselor = make_counselor(org)

    named(org, counselor, future())
    book(org, counselor, future(hour=13), mode="pseudonymous")

    assert list(Entry.objects.filter(actor=org.employee.user)) == []
    assert Entry.objects.filter(target_repr__icontains=org.employee.user.name).count() == 0


@pytest.mark.django_db
def test_a_pseudonymous_booking_is_found_by_its_code_only(org):
    counselor = make_counselor(org)

    booked = book(org, counselor, future(), mode="pseudonymous", contact="  wa 0812  ")

    assert booked.receipt is not None
    assert find_pseudonymous(text=boxes.format_receipt(booked.receipt).lower()) == booked.booking
    assert find_pseudonymous(text=boxes.format_receipt(boxes.new_receipt())) is None
    assert bookings_of(user=org.employee.user) == []
    assert read_contact(booking=booked.booking, reader=org.counselor.user) == {"contact": "wa 0812"}


@pytest.mark.django_db
def test_the_same_slot_cannot_be_booked_twice(org):
    counselor = make_counselor(org)
    starts = future()
    named(org, counselor, starts)

    with pytest.raises(BookingError):
        book_session(
            counselor=counselor,
            employee=org.leader,
            starts=starts,
            mode="named",
            now=timezone.now(),
        )
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_an_overlapping_extra_slot_cannot_be_booked(org):
    counselor = make_counselor(org, session_minutes=60)
    named(org, counselor, future(hour=10))
    half_past = future(hour=10) + datetime.timedelta(minutes=30)
    offer(counselor, half_past)

    with pytest.raises(BookingError):
        book_session(
            counselor=counselor,
            employee=org.leader,
            starts=half_past,
            mode="named",
            now=timezone.now(),
        )


@pytest.mark.django_db
def test_a_start_the_counselor_does_not_offer_is_refused(org):
    counselor = make_counselor(org)

    with pytest.raises(BookingError):
        book_session(
            counselor=counselor,
            employee=org.employee,
            starts=future(),
            mode="named",
            now=timezone.now(),
        )


@pytest.mark.django_db
def test_an_excluded_unit_cannot_book(org):
    counselor = make_counselor(org)
    counselor.excluded_units.add(org.root)

    with pytest.raises(BookingError):
        book(org, counselor, future())


@pytest.mark.django_db
def test_pseudonymous_bookings_per_month_are_limited(org):
    ServiceConfig.objects.create(pk=1, pseudonymous_per_month=1)
    counselor = make_counselor(org)
    book(org, counselor, future(hour=9), mode="pseudonymous")

    with pytest.raises(BookingError):
        book(org, counselor, future(hour=13), mode="pseudonymous")
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_cancelling_frees_the_slot_for_someone_else(org):
    counselor = make_counselor(org)
    starts = future()
    booking = named(org, counselor, starts)

    cancel_booking(booking=booking, by="employee", now=timezone.now())
    again = book_session(
        counselor=counselor, employee=org.leader, starts=starts, mode="named", now=timezone.now()
    )

    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.revision) == ("cancelled", "employee", 1)
    assert again.booking.status == "booked"


@pytest.mark.django_db
def test_cancelling_twice_is_refused(org):
    booking = named(org, make_counselor(org), future())
    cancel_booking(booking=booking, by="counselor", now=timezone.now())

    with pytest.raises(BookingError):
        cancel_booking(booking=booking, by="employee", now=timezone.now())


@pytest.mark.django_db
def test_rescheduling_moves_the_booking_to_a_free_offered_slot(org):
    counselor = make_counselor(org)
    booking = named(org, counselor, future(hour=9))
    offer(counselor, future(hour=13))

    reschedule_booking(booking=booking, starts=future(hour=13), by="employee", now=timezone.now())

    booking.refresh_from_db()
    assert (booking.starts, booking.revision, booking.reminded) == (future(hour=13), 1, False)


@pytest.mark.django_db
def test_rescheduling_onto_a_taken_slot_is_refused(org):
    counselor = make_counselor(org)
    booking = named(org, counselor, future(hour=9))
    book_session_for_leader = book(org, counselor, future(hour=13), employee=org.leader)

    with pytest.raises(BookingError):
        reschedule_booking(
            booking=booking, starts=future(hour=13), by="employee", now=timezone.now()
        )
    assert book_session_for_leader.booking.starts == future(hour=13)


@pytest.mark.django_db
def test_a_no_show_writes_only_to_the_employee(org, django_capture_on_commit_callbacks):
    counselor = make_counselor(org)
    booking = named(org, counselor, future())

    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(
            booking=booking, attended=False, now=future() + datetime.timedelta(hours=2)
        )

    assert [m.to for m in mail.outbox] == [[org.employee.user.email]]
    assert org.leader.user.email not in str([m.message() for m in mail.outbox])


@pytest.mark.django_db
def test_attendance_cannot_be_recorded_before_the_session(org):
    booking = named(org, make_counselor(org), future())

    with pytest.raises(BookingError):
        record_attendance(booking=booking, attended=True, now=timezone.now())


@pytest.mark.django_db
def test_a_shared_screening_is_scored_sealed_and_its_reading_audited(org):
    booking = named(org, make_counselor(org), future())

    share_screening(
        booking=booking,
        instrument_id="phq9",
        answers=[1, 1, 1, 1, 1, 1, 1, 1, 1],
        total=None,
        now=timezone.now(),
    )
    result = read_screening(booking=booking, reader=org.counselor.user)

    assert (result["total"], result["safety"], result["instrument"]) == (9, True, "phq9")
    assert b"phq9" not in bytes(Booking.objects.values_list("sealed_screening", flat=True).get())
    entry = Entry.objects.get(action="read")
    assert (entry.actor, entry.target_repr, entry.changes) == (
        org.counselor.user,
        str(booking.code),
        {"read": "screening"},
    )


@pytest.mark.django_db
def test_a_total_score_alone_is_checked_against_the_range(org):
    booking = named(org, make_counselor(org), future())

    with pytest.raises(BookingError):
        share_screening(
            booking=booking, instrument_id="gad7", answers=None, total=22, now=timezone.now()
        )
    result = share_screening(
        booking=booking, instrument_id="gad7", answers=None, total=12, now=timezone.now()
    )
    assert (result["total"], result["answers"]) == (12, None)

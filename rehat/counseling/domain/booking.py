"""Booking, cancelling and rescheduling sessions; sharing a screening result.

Double booking is refused twice over: the counselor row is locked while the overlap
check and the insert run (a conditional insert), and a partial unique index on
(counselor, starts) of active bookings stops anything that slips past.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.counseling import tasks
from rehat.counseling.domain.availability import MIN_NOTICE, is_offered, serves
from rehat.counseling.domain.sealed import (
    contact_purpose,
    holder_for_receipt,
    holder_for_user,
    screening_purpose,
    seal_json,
    unseal_json,
)
from rehat.counseling.models import (
    ACTIVE,
    Booking,
    Counselor,
    PseudonymousQuota,
    ServiceConfig,
)
from rehat.instruments.domain.registry import get_instrument
from rehat.instruments.domain.scoring import AnswerError, find_band, score_answers
from rehat.lib import boxes
from rehat.organizations.models import Employee

SHAREABLE = ("phq9", "gad7")


class BookingError(Exception):
    """A booking cannot be made or changed; the message is for the person."""


@dataclass(frozen=True)
class Booked:
    booking: Booking
    receipt: str | None  # the pseudonymous booking code, shown once


def service_config() -> ServiceConfig:
    config, _created = ServiceConfig.objects.get_or_create(pk=1)
    return config


def _check_slot(*, counselor: Counselor, starts: datetime.datetime, now: datetime.datetime) -> None:
    if not counselor.active:
        raise BookingError(_("Konselor ini sedang tidak menerima janji."))
    if starts < now + MIN_NOTICE or not is_offered(counselor=counselor, starts=starts):
        raise BookingError(_("Waktu itu tidak tersedia. Silakan pilih waktu lain."))


def _claim(
    *, counselor: Counselor, starts: datetime.datetime, exclude: Booking | None = None
) -> datetime.datetime:
    """Inside a transaction: lock the counselor, refuse an overlap, return the end."""
    Counselor.objects.select_for_update().filter(pk=counselor.pk).first()
    ends = starts + datetime.timedelta(minutes=counselor.session_minutes)
    overlapping = Booking.objects.filter(
        counselor=counselor, status__in=ACTIVE, starts__lt=ends, ends__gt=starts
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    if overlapping.exists():
        raise BookingError(_("Waktu itu baru saja dipesan orang lain. Silakan pilih waktu lain."))
    return ends


def _use_quota(*, employee: Employee, now: datetime.datetime) -> None:
    month = timezone.localdate(now).strftime("%Y-%m")
    lookup = holder_for_user(user=employee.user, scope=f"quota-{month}")
    quota, _created = PseudonymousQuota.objects.select_for_update().get_or_create(lookup=lookup)
    if quota.used >= service_config().pseudonymous_per_month:
        raise BookingError(
            _(
                "Bulan ini Anda sudah membuat cukup banyak janji tanpa nama. Pilih janji dengan nama, atau hubungi konselor."
            )
        )
    quota.used += 1
    quota.save(update_fields=["used"])


def book_session(
    *,
    counselor: Counselor,
    employee: Employee,
    starts: datetime.datetime,
    mode: str,
    contact: str = "",
    now: datetime.datetime,
) -> Booked:
    """Book a session. Named: the counselor will see the name. Pseudonymous: only a
    booking code (returned once) and the contact the employee chose to give."""
    if not serves(counselor=counselor, employee=employee):
        raise BookingError(_("Konselor ini tidak melayani unit Anda. Silakan pilih konselor lain."))
    _check_slot(counselor=counselor, starts=starts, now=now)
    booking = Booking(counselor=counselor, starts=starts, mode=mode, booked_on=now.date())
    receipt = None
    if mode == Booking.Mode.NAMED:
        booking.holder = holder_for_user(user=employee.user)
        details: dict[str, Any] = {
            "name": employee.user.name,
            "email": employee.user.email or "",
            "unit": employee.unit.name,
        }
    else:
        receipt = boxes.new_receipt()
        booking.holder = holder_for_receipt(receipt=receipt)
        details = {"contact": contact.strip()}
    booking.sealed_contact = seal_json(details, purpose=contact_purpose(booking))
    try:
        with transaction.atomic():
            booking.ends = _claim(counselor=counselor, starts=starts)
            if mode == Booking.Mode.PSEUDONYMOUS:
                _use_quota(employee=employee, now=now)
            booking.save()
    except IntegrityError:
        raise BookingError(
            _("Waktu itu baru saja dipesan orang lain. Silakan pilih waktu lain.")
        ) from None
    tasks.enqueue_booking_email(booking=booking, kind="confirmed", by=Booking.Party.EMPLOYEE)
    return Booked(booking, receipt)


def find_pseudonymous(*, text: str) -> Booking | None:
    receipt = boxes.normalize_receipt(text)
    if receipt is None:
        return None
    return (
        Booking.objects.filter(holder=holder_for_receipt(receipt=receipt))
        .select_related("counselor__user")
        .first()
    )


def bookings_of(*, user: User) -> "list[Booking]":
    return list(
        Booking.objects.filter(holder=holder_for_user(user=user)).select_related("counselor__user")
    )


def cancel_booking(*, booking: Booking, by: str, now: datetime.datetime) -> None:
    if booking.status != Booking.Status.BOOKED or booking.starts <= now:
        raise BookingError(_("Janji ini tidak bisa dibatalkan lagi."))
    changed = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED).update(
        status=Booking.Status.CANCELLED, cancelled_by=by, revision=booking.revision + 1
    )
    if changed != 1:
        raise BookingError(_("Janji ini sudah dibatalkan."))
    booking.refresh_from_db()
    tasks.enqueue_booking_email(booking=booking, kind="cancelled", by=by)


def reschedule_booking(
    *, booking: Booking, starts: datetime.datetime, by: str, now: datetime.datetime
) -> None:
    if booking.status != Booking.Status.BOOKED or booking.starts <= now:
        raise BookingError(_("Janji ini tidak bisa dipindah lagi."))
    _check_slot(counselor=booking.counselor, starts=starts, now=now)
    try:
        with transaction.atomic():
            ends = _claim(counselor=booking.counselor, starts=starts, exclude=booking)
            Booking.objects.filter(pk=booking.pk).update(
                starts=starts, ends=ends, reminded=False, revision=booking.revision + 1
            )
    except IntegrityError:
        raise BookingError(
            _("Waktu itu baru saja dipesan orang lain. Silakan pilih waktu lain.")
        ) from None
    booking.refresh_from_db()
    tasks.enqueue_booking_email(booking=booking, kind="moved", by=by)


def record_attendance(*, booking: Booking, attended: bool, now: datetime.datetime) -> None:
    """The counselor records how the session went. A no-show reaches nobody but the
    employee (a kind note for named bookings): never a supervisor, never HR."""
    if booking.status not in (
        Booking.Status.BOOKED,
        Booking.Status.ATTENDED,
        Booking.Status.NO_SHOW,
    ):
        raise BookingError(_("Janji yang dibatalkan tidak punya catatan kehadiran."))
    if booking.starts > now:
        raise BookingError(_("Kehadiran dicatat setelah sesi dimulai."))
    status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
    previous = booking.status
    booking.status = status
    booking.save(update_fields=["status"])
    if status == Booking.Status.NO_SHOW and previous != status:
        tasks.enqueue_booking_email(booking=booking, kind="missed", by=Booking.Party.COUNSELOR)


def read_contact(*, booking: Booking, reader: User) -> dict[str, str]:
    """The name (named) or chosen contact (pseudonymous), for the booking's counselor."""
    details: dict[str, str] = unseal_json(booking.sealed_contact, purpose=contact_purpose(booking))
    log_action(actor=reader, action=Entry.Action.READ, target=booking, changes={"read": "contact"})
    return details


def _score_from_total(instrument_id: str, total: int) -> dict[str, Any]:
    instrument = get_instrument(instrument_id=instrument_id)
    highest = sum(max(instrument.values_for(item)) for item in instrument.items)
    if not 0 <= total <= highest:
        raise BookingError(_("Skor harus antara 0 dan {n}.").format(n=highest))
    band = find_band(bands=instrument.bands, value=total)
    return {"total": total, "band": band.label.id if band else None, "answers": None}


def share_screening(
    *,
    booking: Booking,
    instrument_id: str,
    answers: list[int] | None,
    total: int | None,
    now: datetime.datetime,
) -> dict[str, Any]:
    """Seal a screening result for this booking's counselor only; the employee's act."""
    if instrument_id not in SHAREABLE:
        raise BookingError(_("Hanya hasil PHQ-9 atau GAD-7 yang bisa dibagikan."))
    if booking.status != Booking.Status.BOOKED:
        raise BookingError(_("Hasil hanya bisa dibagikan untuk janji yang masih terjadwal."))
    if answers:
        try:
            score = score_answers(instrument=instrument_id, answers=answers)
        except AnswerError as error:
            raise BookingError(str(error)) from None
        result: dict[str, Any] = {
            "total": score.total,
            "band": score.band.label.id if score.band else None,
            "answers": answers,
            "safety": score.safety,
        }
    elif total is not None:
        result = _score_from_total(instrument_id, total)
    else:
        raise BookingError(_("Isi jawaban Anda atau skor totalnya."))
    result.update({"instrument": instrument_id, "shared_on": timezone.localdate(now).isoformat()})
    booking.sealed_screening = seal_json(result, purpose=screening_purpose(booking))
    booking.save(update_fields=["sealed_screening"])
    return result


def withdraw_screening(*, booking: Booking) -> None:
    booking.sealed_screening = None
    booking.save(update_fields=["sealed_screening"])


def read_screening(*, booking: Booking, reader: User) -> dict[str, Any] | None:
    if booking.sealed_screening is None:
        return None
    result: dict[str, Any] = unseal_json(
        booking.sealed_screening, purpose=screening_purpose(booking)
    )
    log_action(
        actor=reader, action=Entry.Action.READ, target=booking, changes={"read": "screening"}
    )
    return result

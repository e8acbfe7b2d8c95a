"""What the employee and the counselor receive by email. Nothing here names a client
to anyone but that client, and no subject or calendar title says "counseling": phones
show both on the lock screen."""

import datetime
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rehat.counseling.domain.sealed import contact_purpose, unseal_json
from rehat.counseling.models import Booking

EVENT_TITLE = "Janji temu (Rehat)"


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    to: list[str]
    ics: bytes | None


def when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l, j F Y, H.i")


def place_text(booking: Booking) -> str:
    counselor = booking.counselor
    kind = counselor.get_place_kind_display()
    return f"{kind}: {counselor.place}" if counselor.place else str(kind)


def booking_ics(*, booking: Booking, now: datetime.datetime) -> bytes:
    """One VEVENT with a stable UID; SEQUENCE grows with every move or cancellation."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Rehat//Konseling//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{booking.code}@rehat")
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("dtstart", booking.starts.astimezone(datetime.UTC))
    event.add("dtend", booking.ends.astimezone(datetime.UTC))
    event.add("summary", EVENT_TITLE)
    event.add("location", place_text(booking))
    event.add("description", f"{booking.counselor.user.name}\n{settings.SITE_URL}/konseling/")
    event.add("sequence", booking.revision)
    cancelled = booking.status == Booking.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _employee_text(booking: Booking, kind: str, by: str) -> tuple[str, str]:
    at = when(booking.starts)
    counselor = booking.counselor.user.name
    if kind == "confirmed":
        return _("Janji temu Anda tercatat"), _(
            "Janji temu Anda dengan {counselor} tercatat: {at}.\nTempat: {place}.\n\n"
            "Hanya konselor Anda yang tahu Anda membuat janji ini. Untuk membatalkan atau "
            "memindahkan waktu, buka {url}"
        ).format(counselor=counselor, at=at, place=place_text(booking), url=_url())
    if kind == "reminder":
        return _("Pengingat janji temu"), _(
            "Pengingat: janji temu Anda dengan {counselor} pada {at}.\nTempat: {place}.\n\n"
            "Berhalangan? Batalkan atau pindahkan di {url}"
        ).format(counselor=counselor, at=at, place=place_text(booking), url=_url())
    if kind == "cancelled":
        who = _("oleh konselor") if by == Booking.Party.COUNSELOR else _("atas permintaan Anda")
        return _("Janji temu dibatalkan"), _(
            "Janji temu pada {at} dibatalkan {who}. Anda dapat memilih waktu lain di {url}"
        ).format(at=at, who=who, url=_url())
    if kind == "moved":
        return _("Waktu janji temu berubah"), _(
            "Janji temu Anda dengan {counselor} sekarang pada {at}.\nTempat: {place}.\n\n"
            "Waktu ini tidak cocok? Pindahkan atau batalkan di {url}"
        ).format(counselor=counselor, at=at, place=place_text(booking), url=_url())
    return _("Kami belum bertemu"), _(
        "Kita belum sempat bertemu pada {at}. Tidak apa-apa. Bila Anda masih ingin bicara, "
        "pilih waktu baru kapan saja di {url}\n\nPesan ini hanya untuk Anda; tidak ada "
        "orang lain yang diberi tahu."
    ).format(at=at, url=_url())


def _url() -> str:
    return f"{settings.SITE_URL}/konseling/"


def employee_letter(
    *, booking: Booking, kind: str, by: str, now: datetime.datetime
) -> Letter | None:
    """The email to the employee of a named booking; None for pseudonymous ones (they
    use the booking-code page) or when no address is known."""
    if booking.mode != Booking.Mode.NAMED:
        return None
    email = unseal_json(booking.sealed_contact, purpose=contact_purpose(booking)).get("email")
    if not email:
        return None
    subject, body = _employee_text(booking, kind, by)
    ics = None if kind == "missed" else booking_ics(booking=booking, now=now)
    return Letter(subject=subject, body=body, to=[email], ics=ics)


def counselor_letter(*, booking: Booking, kind: str, by: str) -> Letter | None:
    """A short note to the counselor when the employee books, moves or cancels."""
    email = booking.counselor.user.email
    if not email or by == Booking.Party.COUNSELOR or kind in ("reminder", "missed"):
        return None
    texts = {
        "confirmed": _("Ada janji temu baru pada {at}."),
        "cancelled": _("Janji temu pada {at} dibatalkan oleh pegawai."),
        "moved": _("Sebuah janji temu dipindah ke {at}."),
    }
    body = texts[kind].format(at=when(booking.starts))
    body += "\n" + _("Lihat jadwal Anda di {url}").format(
        url=f"{settings.SITE_URL}/konseling/jadwal/"
    )
    return Letter(subject=_("Jadwal konseling berubah"), body=body, to=[email], ics=None)

"""Session notes: sealed at rest, read by the booking's counselor (and the clinical
lead when the agency names one), every read written to the audit log by id only."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.counseling.domain.sealed import note_purpose
from rehat.counseling.models import Booking, ServiceConfig, SessionNote
from rehat.lib.sealing import seal, unseal


@dataclass(frozen=True)
class ReadNote:
    note: SessionNote
    text: str


def may_read_notes(*, booking: Booking, user: User, config: ServiceConfig) -> bool:
    if booking.counselor.user_id == user.pk:
        return True
    return config.clinical_lead_id is not None and config.clinical_lead_id == user.pk


def add_session_note(
    *, booking: Booking, author: User, text: str, config: ServiceConfig, now: datetime.datetime
) -> SessionNote:
    sealed = seal(text.encode(), secret=settings.MASTER_KEY, purpose=note_purpose(booking))
    purge_after = timezone.localdate(now) + datetime.timedelta(days=config.note_retention_days)
    note = SessionNote.objects.create(
        booking=booking, author=author, sealed=sealed, purge_after=purge_after
    )
    log_action(
        actor=author,
        action=Entry.Action.CREATE,
        target=note,
        changes={"booking": str(booking.code)},
    )
    return note


def read_session_notes(*, booking: Booking, reader: User) -> list[ReadNote]:
    notes = list(booking.notes.select_related("author"))
    if not notes:
        return []
    log_action(
        actor=reader,
        action=Entry.Action.READ,
        target=booking,
        changes={"read": "notes", "notes": [str(n.pk) for n in notes]},
    )
    purpose = note_purpose(booking)
    return [
        ReadNote(n, unseal(bytes(n.sealed), secret=settings.MASTER_KEY, purpose=purpose).decode())
        for n in notes
    ]


def purge_session_notes(*, today: datetime.date) -> int:
    """Delete notes past their retention date; the audit log records only the count."""
    deleted, _rows = SessionNote.objects.filter(purge_after__lt=today).delete()
    if deleted:
        config, _created = ServiceConfig.objects.get_or_create(pk=1)
        log_action(
            actor=None,
            action=Entry.Action.DELETE,
            target=config,
            changes={"session_notes": deleted},
        )
    return deleted

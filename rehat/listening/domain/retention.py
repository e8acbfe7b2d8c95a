"""Closed conversations are deleted REHAT_CONVERSATION_RETENTION_DAYS after closing.

A conversation only knows the ISO week it was closed in ("2026-W48"), so a week
counts as old when all of it lies before the cut-off day: nothing is deleted early.
The counselor side's rows about it (hand-over, private notes) go with it, and one
audit entry records how many were deleted, never which.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.audit.domain import build_entry
from rehat.audit.models import Entry
from rehat.conversations.domain.threads import iso_week
from rehat.conversations.models import Conversation
from rehat.listening.models import Assignment, Note
from rehat.routers import ANONYMOUS


def expired_before(*, today: datetime.date) -> str:
    """Conversations closed in an ISO week earlier than this one have expired."""
    cutoff = today - datetime.timedelta(days=settings.REHAT_CONVERSATION_RETENTION_DAYS)
    # "YYYY-Www" strings sort like the weeks they name.
    return iso_week(cutoff)


def delete_expired(*, today: datetime.date) -> int:
    """Delete expired conversations with their messages, hand-overs and notes."""
    expired = Conversation.objects.filter(
        status=Conversation.Status.CLOSED,
        closed_week__lt=expired_before(today=today),
    ).exclude(closed_week="")
    with transaction.atomic(using=ANONYMOUS), transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Conversation.objects.filter(pk__in=ids).delete()
        Assignment.objects.filter(conversation__in=ids).delete()
        notes, _by_model = Note.objects.filter(conversation__in=ids).delete()
        entry = build_entry(
            actor=None,
            action=Entry.Action.DELETE,
            target=Conversation(),
            changes={
                "conversations": len(ids),
                "notes": notes,
                "retention_days": settings.REHAT_CONVERSATION_RETENTION_DAYS,
            },
        )
        # A count, not a list: the entry names no conversation.
        entry.target_id = ""
        entry.target_repr = _("%(n)s percakapan lewat masa simpan") % {"n": len(ids)}
        entry.save()
    return len(ids)

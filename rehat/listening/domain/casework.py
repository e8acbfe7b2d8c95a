"""Counselors' work on a conversation that lives on the identity side: who holds it,
and their private notes (sealed to the team key; reading them is audited elsewhere)."""

from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.accounts.tasks import send_email
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.conversations.domain.threads import current_team_key
from rehat.lib import boxes
from rehat.listening.models import Assignment, Note


def add_note(*, conversation: UUID, author: User, text: str) -> Note:
    team = current_team_key()
    return Note.objects.create(
        conversation=conversation,
        author=author,
        team_key_version=team.version,
        sealed=boxes.seal(text.encode(), public_key=bytes(team.public_key)),
    )


def hand_over(*, conversation: UUID, actor: User, colleague: User) -> Assignment:
    """Assign the conversation and tell the colleague (no content in the mail)."""
    before = (
        Assignment.objects.filter(conversation=conversation).select_related("counselor").first()
    )
    assignment, _created = Assignment.objects.update_or_create(
        conversation=conversation, defaults={"counselor": colleague}
    )
    log_action(
        actor=actor,
        action=Entry.Action.UPDATE,
        target=assignment,
        changes={"counselor": [before.counselor.name if before else None, colleague.name]},
    )
    if colleague.email:
        link = settings.SITE_URL.rstrip("/") + reverse("listening:thread", args=[conversation])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Ruang Dengar: satu percakapan diserahkan kepada Anda")
            body = (
                _(
                    "%(name)s menyerahkan satu percakapan Ruang Dengar kepada Anda. "
                    "Bukalah setelah masuk dengan kode kedua:"
                )
                % {"name": actor.name}
                + f"\n{link}\n"
            )
        to = [colleague.email]
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))
    return assignment

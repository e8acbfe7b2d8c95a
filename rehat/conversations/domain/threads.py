"""Ruang Dengar conversations on the anonymous side.

An employee opens a conversation by spending a voice token. The server makes an X25519
key pair for the conversation, wraps its private key with a key derived from a fresh
receipt (Argon2id), and forgets the receipt after showing it once. Every message is
sealed twice: to the counselor team's public key and to the conversation's public
key, so counselors read it in their session and the employee reads it with the
receipt. Plain text exists only in memory while a request is handled.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rehat.conversations.domain.deadlines import hours_between, reply_deadline
from rehat.conversations.models import Conversation, Message, TeamKey
from rehat.lib import boxes
from rehat.lib.blindrsa import VerifyingKey
from rehat.lib.tokens import MalformedTokenError, Token, purpose_challenge, token_type_for
from rehat.responses.models import PublishedKey, SpentToken
from rehat.routers import ANONYMOUS

AUTO_REPLY = "Tidak apa-apa. Kami mendengar Anda."
MAX_TEXT = 4000


class ConversationError(Exception):
    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Entry:
    """One decrypted message, for the person entitled to read it."""

    seq: int
    author: str
    text: str
    at: datetime.datetime | None
    kind: str = "text"


@dataclass(frozen=True)
class Opened:
    conversation: Conversation
    receipt: str


def strength() -> boxes.Strength:
    return {"min": boxes.FAST_FOR_TESTS, "moderate": boxes.MODERATE}.get(
        settings.REHAT_ARGON2, boxes.INTERACTIVE
    )


def receipt_secret() -> str:
    return hashlib.sha256(f"receipt-lookup:{settings.MASTER_KEY}".encode()).hexdigest()


def current_team_key() -> TeamKey:
    key = TeamKey.objects.filter(is_current=True).first()
    if key is None:
        raise ConversationError(
            "no_team",
            _("Ruang Dengar belum siap: belum ada konselor yang terdaftar. Hubungi bagian SDM."),
            status=503,
        )
    return key


def _payload(text: str, *, at: datetime.datetime, kind: str = "text") -> bytes:
    return json.dumps({"text": text, "at": at.isoformat(), "kind": kind}).encode()


def _append(
    conversation: Conversation,
    *,
    author: str,
    text: str,
    at: datetime.datetime,
    team: TeamKey,
    kind: str = "text",
) -> Message:
    """Seal and store the next message of a conversation (caller holds the row lock)."""
    payload = _payload(text, at=at, kind=kind)
    message = Message.objects.create(
        conversation=conversation,
        seq=conversation.message_count,
        author=author,
        team_key_version=team.version,
        for_team=boxes.seal(payload, public_key=bytes(team.public_key)),
        for_employee=boxes.seal(payload, public_key=bytes(conversation.public_key)),
    )
    conversation.message_count += 1
    Conversation.objects.filter(pk=conversation.pk).update(message_count=F("message_count") + 1)
    return message


def _clean_text(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ConversationError(
            "too_long", _("Pesan terlalu panjang (paling banyak %(n)s karakter).") % {"n": MAX_TEXT}
        )
    return text


def _spend_voice_token(*, period: str, bucket: str, token: bytes) -> None:
    key = PublishedKey.objects.filter(period=period, bucket=bucket, purpose="voice").first()
    if key is None:
        raise ConversationError(
            "unknown_key", _("Periode atau kelompok ini tidak dikenal."), status=404
        )
    if not key.is_open:
        raise ConversationError(
            "closed", _("Token ini sudah kedaluwarsa. Muat ulang halaman."), status=410
        )
    public = VerifyingKey.from_spki(bytes(key.spki))
    token_type = token_type_for(public)
    try:
        parsed = Token.parse(token, authenticator_length=public.size)
    except MalformedTokenError:
        raise ConversationError("malformed", _("Format token tidak benar.")) from None
    challenge = purpose_challenge(period=period, purpose="voice", token_type=token_type)
    if not parsed.verify(key=public, challenge=challenge):
        raise ConversationError("invalid", _("Token ini tidak sah."))
    try:
        SpentToken.objects.create(token_hash=hashlib.sha256(token).digest(), period=period)
    except IntegrityError:
        raise ConversationError("spent", _("Token ini sudah dipakai."), status=409) from None


def open_conversation(
    *,
    period: str,
    bucket: str,
    token: bytes,
    text: str,
    topic: str = "",
    urgent: bool = False,
    now: datetime.datetime | None = None,
) -> Opened:
    """Spend a voice token and open a conversation; returns the receipt, shown once."""
    now = now or timezone.now()
    if topic and topic not in Conversation.Topic.values:
        raise ConversationError("topic", _("Topik tidak dikenal."))
    text = _clean_text(text)
    team = current_team_key()
    receipt = boxes.new_receipt()
    private, public = boxes.new_key_pair()
    salt = boxes.new_salt()
    wrapping = boxes.derive_key(receipt, salt=salt, strength=strength())
    with transaction.atomic(using=ANONYMOUS):
        _spend_voice_token(period=period, bucket=bucket, token=token)
        conversation = Conversation.objects.create(
            receipt_hash=boxes.receipt_lookup(receipt, secret=receipt_secret()),
            period=period,
            bucket=bucket,
            topic=topic,
            urgent=urgent,
            deadline=_deadline(now, urgent),
            team_key_version=team.version,
            public_key=public,
            key_salt=salt,
            wrapped_private_key=boxes.wrap(private, key=wrapping),
        )
        _append(conversation, author=Message.Author.EMPLOYEE, text="Saya lelah.", at=now, team=team)
        if text:
            _append(conversation, author=Message.Author.EMPLOYEE, text=text, at=now, team=team)
        _append(conversation, author=Message.Author.SYSTEM, text=AUTO_REPLY, at=now, team=team)
    return Opened(conversation=conversation, receipt=receipt)


def _deadline(now: datetime.datetime, urgent: bool) -> datetime.datetime:
    return reply_deadline(
        now=now,
        urgent=urgent,
        urgent_hours=settings.REHAT_URGENT_REPLY_HOURS,
        working_hours=settings.REHAT_REPLY_WORKING_HOURS,
    )


def find_conversation(*, receipt_text: str) -> tuple[Conversation, bytes]:
    """The conversation of a receipt and its unwrapped private key, or an error."""
    receipt = boxes.normalize_receipt(receipt_text)
    conversation = None
    if receipt is not None:
        conversation = Conversation.objects.filter(
            receipt_hash=boxes.receipt_lookup(receipt, secret=receipt_secret())
        ).first()
    if conversation is None or receipt is None:
        raise ConversationError(
            "receipt", _("Kode tanda terima tidak dikenali. Periksa lagi penulisannya."), status=404
        )
    key = boxes.derive_key(receipt, salt=bytes(conversation.key_salt), strength=strength())
    return conversation, boxes.unwrap(bytes(conversation.wrapped_private_key), key=key)


def _decode(message: Message, raw: bytes) -> Entry:
    data: dict[str, Any] = json.loads(raw)
    at = datetime.datetime.fromisoformat(data["at"]) if data.get("at") else None
    return Entry(
        seq=message.seq,
        author=message.author,
        text=data["text"],
        at=at,
        kind=data.get("kind", "text"),
    )


def read_for_employee(*, conversation: Conversation, private_key: bytes) -> list[Entry]:
    return [
        _decode(m, boxes.open_sealed(bytes(m.for_employee), private_key=private_key))
        for m in conversation.messages.all()
    ]


def read_for_team(
    *, conversation: Conversation, team_private_keys: dict[int, bytes]
) -> list[Entry]:
    entries = []
    for message in conversation.messages.all():
        private = team_private_keys.get(message.team_key_version)
        if private is None:
            raise ConversationError(
                "no_key", _("Kunci tim untuk percakapan ini tidak tersedia."), status=403
            )
        entries.append(
            _decode(message, boxes.open_sealed(bytes(message.for_team), private_key=private))
        )
    return entries


def add_employee_message(
    *,
    conversation: Conversation,
    text: str,
    urgent: bool = False,
    now: datetime.datetime | None = None,
    kind: str = "text",
) -> Message:
    now = now or timezone.now()
    text = _clean_text(text)
    if not text:
        raise ConversationError("empty", _("Tulis pesan Anda terlebih dahulu."))
    team = current_team_key()
    with transaction.atomic(using=ANONYMOUS):
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        message = _append(
            conversation, author=Message.Author.EMPLOYEE, text=text, at=now, team=team, kind=kind
        )
        changes: dict[str, Any] = {"status": Conversation.Status.OPEN}
        if urgent and not conversation.urgent:
            changes["urgent"] = True
        if not conversation.waiting or changes.get("urgent"):
            changes.update(
                waiting=True,
                escalated=False,
                deadline=_deadline(now, urgent or conversation.urgent),
            )
        if kind == "identity":
            changes["identity_shared"] = True
        Conversation.objects.filter(pk=conversation.pk).update(**changes)
    return message


def add_counselor_reply(
    *,
    conversation: Conversation,
    text: str,
    first_message_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> Message:
    """A counselor's reply; `first_message_at` (from the decrypted thread) sets the
    coarse first-reply figure for the service table."""
    now = now or timezone.now()
    text = _clean_text(text)
    if not text:
        raise ConversationError("empty", _("Tulis balasan terlebih dahulu."))
    team = current_team_key()
    with transaction.atomic(using=ANONYMOUS):
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        message = _append(
            conversation, author=Message.Author.COUNSELOR, text=text, at=now, team=team
        )
        changes: dict[str, Any] = {"waiting": False, "deadline": None, "escalated": False}
        if conversation.deadline and now > conversation.deadline:
            changes["missed_deadline"] = True
        if conversation.first_reply_hours is None and first_message_at is not None:
            changes["first_reply_hours"] = hours_between(first_message_at, now)
        Conversation.objects.filter(pk=conversation.pk).update(**changes)
    return message


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def close_conversation(*, conversation: Conversation, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    Conversation.objects.filter(pk=conversation.pk).update(
        status=Conversation.Status.CLOSED, waiting=False, deadline=None, closed_week=iso_week(today)
    )


def reopen_conversation(
    *, conversation: Conversation, now: datetime.datetime | None = None
) -> None:
    now = now or timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(
        status=Conversation.Status.OPEN,
        closed_week="",
        waiting=True,
        deadline=_deadline(now, conversation.urgent),
    )

"""Ruang Dengar, anonymous side. Everything a person wrote is sealed; no row names anyone.

Keys are UUIDv4; a conversation knows its token bucket and period, and — the one
exception to "no time finer than the period" (DESIGN.md) — its reply deadline rounded
to the hour, because counselors must answer on time. Exact times of messages live only
inside the ciphertexts; message order is a per-conversation counter.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKey(models.Model):
    """The public half of a counselor team key; the private half never lives here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(unique=True)
    public_key = models.BinaryField(max_length=32)
    is_current = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"v{self.version}"


class Conversation(models.Model):
    class Topic(models.TextChoices):
        WORKLOAD = "workload", _("beban kerja")
        LEADER = "leader", _("atasan")
        COLLEAGUES = "colleagues", _("rekan kerja")
        FAMILY = "family", _("keluarga")
        HEALTH = "health", _("kesehatan")
        OTHER = "other", _("lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("terbuka")
        CLOSED = "closed", _("ditutup")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    receipt_hash = models.BinaryField(max_length=32, unique=True)
    period = models.CharField(max_length=40)
    bucket = models.CharField(max_length=40)
    topic = models.CharField(max_length=12, choices=Topic.choices, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    urgent = models.BooleanField(default=False)
    waiting = models.BooleanField(default=True)  # a counselor owes a reply
    deadline = models.DateTimeField(null=True, blank=True)  # rounded to the hour
    escalated = models.BooleanField(default=False)
    missed_deadline = models.BooleanField(default=False)
    first_reply_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    identity_shared = models.BooleanField(default=False)
    closed_week = models.CharField(max_length=10, blank=True)  # ISO week, for retention
    team_key_version = models.PositiveIntegerField()
    public_key = models.BinaryField(max_length=32)
    key_salt = models.BinaryField(max_length=16)
    wrapped_private_key = models.BinaryField()
    message_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.id)


class Message(models.Model):
    class Author(models.TextChoices):
        EMPLOYEE = "employee", _("Anda")
        COUNSELOR = "counselor", _("konselor")
        SYSTEM = "system", _("Rehat")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField()
    author = models.CharField(max_length=10, choices=Author.choices)
    team_key_version = models.PositiveIntegerField()
    for_team = models.BinaryField()  # sealed to the counselor team key
    for_employee = models.BinaryField()  # sealed to the conversation key

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="message_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"

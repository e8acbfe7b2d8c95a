"""The anonymous side. No row here names a person, a session, an address or a time.

Keys are random UUIDv4, never sequential; there are no created/updated columns; a
submission knows only its period and its token bucket.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedKey(models.Model):
    """A public key the anonymous endpoint accepts tokens for: public data only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.CharField(max_length=40)
    kind = models.CharField(max_length=10)
    bucket = models.CharField(max_length=40)
    purpose = models.CharField(max_length=10, default="checkin")
    spki = models.BinaryField()
    token_key_id = models.BinaryField(max_length=32, unique=True)
    is_open = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "bucket", "purpose"], name="published_key_per_bucket_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.bucket}"


class SpentToken(models.Model):
    """SHA-256 of a redeemed token. The primary key makes a second redemption fail."""

    token_hash = models.BinaryField(primary_key=True, max_length=32)
    period = models.CharField(max_length=40)

    def __str__(self) -> str:
        return self.period


class PendingSubmission(models.Model):
    """An accepted check-in waiting for enough company to be moved in a shuffled batch."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.CharField(max_length=40)
    bucket = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField()

    def __str__(self) -> str:
        return f"{self.period} {self.bucket}"


class Submission(models.Model):
    class Help(models.TextChoices):
        LISTEN = "listen", _("Didengarkan tanpa dihakimi")
        WORKLOAD = "workload", _("Beban kerja yang lebih masuk akal")
        AFTER_HOURS = "after_hours", _("Tidak dihubungi di luar jam kerja")
        REST = "rest", _("Waktu istirahat atau cuti pemulihan")
        COUNSELOR = "counselor", _("Berbicara dengan konselor")
        CLARITY = "clarity", _("Tugas dan prioritas yang lebih jelas")
        NOTHING = "nothing", _("Saat ini saya baik-baik saja")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.CharField(max_length=40, db_index=True)
    bucket = models.CharField(max_length=40, db_index=True)
    help = models.CharField(max_length=20, choices=Help.choices, blank=True)

    def __str__(self) -> str:
        return f"{self.period} {self.bucket}"


class Answer(models.Model):
    """One instrument's answers and score inside a submission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    instrument = models.CharField(max_length=40)
    values = models.JSONField()
    total = models.FloatField(null=True)
    subscales = models.JSONField(default=dict)
    band = models.CharField(max_length=120, blank=True)  # the band's English label
    flags = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "instrument"], name="one_answer_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return self.instrument

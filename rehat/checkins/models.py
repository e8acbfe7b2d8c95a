import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Employee, Unit


class Period(models.Model):
    """A weekly pulse or a periodic screening; answers are only ever tied to a period."""

    class Kind(models.TextChoices):
        PULSE = "pulse", _("cek kabar mingguan")
        SCREENING = "screening", _("skrining berkala")
        CLIMATE = "climate", _("survei iklim tim")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("terjadwal")
        OPEN = "open", _("dibuka")
        CLOSED = "closed", _("ditutup")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    starts = models.DateField(_("mulai"))
    ends = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )

    class Meta:
        ordering = ["-starts", "kind"]
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Purpose(models.TextChoices):
    """What a token is for. Each purpose has its own keys: a blind signer cannot see
    what it signs, so only a separate key keeps a token from being spent on another use."""

    CHECKIN = "checkin", _("cek kabar")
    VOICE = "voice", _("Ruang Dengar")


class TokenKey(models.Model):
    """The blind-signing key of one (period × token bucket).

    A bucket is a unit subtree with at least REHAT_MIN_BUCKET eligible employees; the
    key is the only thing a token reveals about its holder. The private key is sealed
    (rehat.lib.sealing) and never leaves the identity side.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="keys")
    bucket = models.CharField(_("kelompok"), max_length=40)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.CHECKIN)
    root = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveIntegerField(_("jumlah pegawai"))
    units = models.JSONField(default=list)  # pks of the units whose people this key serves
    sealed_private_key = models.BinaryField()
    spki = models.BinaryField()
    token_key_id = models.BinaryField(max_length=32, unique=True)

    class Meta:
        verbose_name = _("kunci token")
        verbose_name_plural = _("kunci token")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "bucket", "purpose"], name="one_key_per_period_bucket_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period.code} {self.bucket} {self.purpose}"


class Issuance(models.Model):
    """Ledger: this employee was given their token for this period. No time, no order.

    `request_hash` is SHA-256 of the blinded message that was signed. Blinding makes it
    unlinkable to the token; it lets a browser that lost the reply (a page closed
    mid-request) ask again for the very same signature, and nothing more.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    slot = models.PositiveSmallIntegerField(default=0)  # voice: 0 .. REHAT_VOICE_TOKENS-1
    request_hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period", "purpose", "slot"],
                name="one_token_per_person_period_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.purpose}"

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit


class Report(models.Model):
    """One analysed upload: counts and metrics only. No message text, no names, no salt.

    The salt that turned names into pseudonyms lived only in memory during the upload, so a
    pseudonym cannot be checked against a list of names later.
    """

    class Kind(models.TextChoices):
        CHAT = "chat", _("obrolan WhatsApp")
        CALENDAR = "calendar", _("kalender")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worktime_reports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worktime_reports"
    )
    private = models.BooleanField(_("hanya untuk saya"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    time_zone = models.CharField(max_length=40)
    schedule = models.CharField(max_length=20)
    source = models.JSONField(default=dict)
    metrics = models.JSONField(default=dict)
    heatmap = models.JSONField(default=list)
    weekly = models.JSONField(default=list)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("laporan jam kerja")
        verbose_name_plural = _("laporan jam kerja")

    def __str__(self) -> str:
        return self.title


class Author(models.Model):
    """A pseudonymous author of a chat, salted per report.

    The uploader may mark leaders, and the pseudonyms that are themselves (`is_me`): that mark
    feeds only the uploader's own footprint page and is never shown to anyone else.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="authors")
    pseudonym = models.CharField(max_length=12)
    leader = models.BooleanField(_("pimpinan"), default=False)
    # "This is me": set by the uploader on their own pseudonyms, shown to nobody else.
    is_me = models.BooleanField(_("ini saya"), default=False)
    messages = models.PositiveIntegerField(default=0)
    after_hours = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-messages", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["report", "pseudonym"], name="one_pseudonym_per_report")
        ]

    def __str__(self) -> str:
        return self.pseudonym


class HourCount(models.Model):
    """Messages of one pseudonym in one hour of one day."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="hours")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="hours")
    date = models.DateField()
    hour = models.PositiveSmallIntegerField()
    messages = models.PositiveIntegerField()
    after_hours = models.PositiveIntegerField()

    class Meta:
        ordering = ["date", "hour"]

    def __str__(self) -> str:
        return f"{self.date} {self.hour:02d}"

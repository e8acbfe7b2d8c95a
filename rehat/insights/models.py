"""Identity side of insights. Nothing here holds an answer or a number per person: the
numbers come from released rows (rehat.releases); these tables hold what people do
with them — plans, alerts, report files."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit


class ActionPlan(models.Model):
    """ "Kami mendengar": what a leader heard from the released numbers and will do."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="action_plans")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    heard = models.TextField(_("yang kami dengar"), max_length=2000)
    will_do = models.TextField(_("yang akan kami lakukan"), max_length=2000)
    due = models.DateField(_("target selesai"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")

    def __str__(self) -> str:
        return f"{self.unit} {self.due}"


class PlanHelpful(models.Model):
    """An employee found a plan helpful. Only the count is ever shown."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="helpful")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_helpful_mark_per_person")
        ]

    def __str__(self) -> str:
        return str(self.plan_id)


class Alert(models.Model):
    class Metric(models.TextChoices):
        LOW_WELLBEING = "low_wellbeing", _("kesejahteraan rendah berturut-turut")
        HIGH_BURNOUT = "high_burnout", _("kelelahan kerja tinggi berturut-turut")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=16, choices=Metric.choices)
    periods = models.JSONField(default=list)  # the released periods that met the rule
    last_period = models.CharField(max_length=40)
    values = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("peringatan")
        verbose_name_plural = _("peringatan")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "metric", "last_period"], name="one_alert_per_unit_metric_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.metric} {self.last_period}"


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("sedang dibuat")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(  # None: the agency report
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    pdf = models.BinaryField(blank=True, default=b"")
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")

    def __str__(self) -> str:
        return f"{self.unit or 'instansi'} {self.status}"

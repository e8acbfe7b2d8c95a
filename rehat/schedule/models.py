from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit


class DayOverride(models.Model):
    """An agency's correction of the national calendar, for everyone or for one unit subtree.

    A new Keppres on cuti bersama, a moved Eid date, a regional holiday, or a Saturday
    that is a working day for a unit: applied without waiting for a library upgrade.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("hari libur")
        CUTI_BERSAMA = "cuti_bersama", _("cuti bersama")
        WORKDAY = "workday", _("hari kerja")

    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="day_overrides",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("perubahan hari kerja")
        verbose_name_plural = _("perubahan hari kerja")
        constraints = [
            models.UniqueConstraint(fields=["date", "unit"], name="one_override_per_day_unit"),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(unit__isnull=True),
                name="one_agency_override_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

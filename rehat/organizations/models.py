import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """The one instansi this installation serves (self-hosted, one agency each)."""

    name = models.CharField(_("nama instansi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit kerja. `path` lists the pks from the root ("/1/4/9/") for subtree queries."""

    code = models.CharField(_("kode unit"), max_length=40, unique=True)
    name = models.CharField(_("nama unit"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.name

    def subtree(self) -> "models.QuerySet[Unit]":
        return Unit.objects.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Employee(models.Model):
    class Kind(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee"
    )
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    kind = models.CharField(_("jenis pegawai"), max_length=4, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="employees"
    )
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")

    def __str__(self) -> str:
        return f"{self.user.name} ({self.nip})"


class Role(models.Model):
    """A role held by a user. Leaders hold it for a unit and see that unit's subtree.

    Being an employee is not a role row: it follows from having an Employee record.
    """

    class Kind(models.TextChoices):
        LEADER = "leader", _("pimpinan")
        COUNSELOR = "counselor", _("konselor")
        LEAD_COUNSELOR = "lead_counselor", _("koordinator konselor")
        HR = "hr", _("SDM")
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("peran"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )

    class Meta:
        verbose_name = _("peran")
        verbose_name_plural = _("peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "unit"], name="role_unique_per_unit"),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(unit__isnull=True),
                name="role_unique_without_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="leader", unit__isnull=False)
                | (~models.Q(kind="leader") & models.Q(unit__isnull=True)),
                name="role_unit_only_for_leader",
            ),
        ]

    def __str__(self) -> str:
        if self.unit_id:
            return f"{self.get_kind_display()} {self.unit}"
        return str(self.get_kind_display())


class ImportBatch(models.Model):
    """An uploaded file, kept between its dry run and its apply, then emptied."""

    class Kind(models.TextChoices):
        UNITS = "units", _("unit kerja")
        EMPLOYEES = "employees", _("pegawai")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    applied = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return self.file_name

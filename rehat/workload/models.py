import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit

MAX_VOLUME = Decimal("1000000000")
MAX_MINUTES = Decimal("1000000")


class Policy(models.Model):
    """The agency's ABK settings: one row (pk 1), created with the defaults on first use."""

    class Rounding(models.TextChoices):
        HALF_UP = "half_up", _("dibulatkan biasa (0,50 → 1)")
        CEILING = "ceiling", _("selalu dibulatkan ke atas (0,01 → 1)")

    class Definition(models.TextChoices):
        # indonesia.md §3.3; the values are rehat.workload.domain.abk's constants.
        REQUIRED_PER_INCUMBENT = (
            "required_per_incumbent",
            _("EJ = kebutuhan pegawai ÷ pegawai yang ada (EJ di atas 1: beban berlebih)"),
        )
        INCUMBENT_PER_REQUIRED = (
            "incumbent_per_required",
            _("EJ = pegawai yang ada ÷ kebutuhan pegawai (EJ di bawah 1: beban berlebih)"),
        )

    class Scale(models.TextChoices):
        FIVE = "five", _("lima nilai A–E: A bila EJ lebih dari batas A")
        FOUR = "four", _("empat nilai A–D: A bila EJ paling sedikit batas A; batas D tidak dipakai")

    effective_minutes = models.PositiveIntegerField(
        _("waktu kerja efektif (menit per tahun)"),
        default=75_000,  # 1,250 hours: PermenPANRB 1/2020
        validators=[MinValueValidator(1_000), MaxValueValidator(200_000)],
        help_text=_(
            "PermenPANRB 1/2020: 75.000 menit (1.250 jam). Konvensi lama: 78.000 (1.300 jam) "
            "atau 72.000 (1.200 jam)."
        ),
    )
    threshold_a = models.DecimalField(
        _("A (sangat baik) bila EJ lebih dari"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
    )
    threshold_b = models.DecimalField(
        _("B (baik) bila EJ paling sedikit"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.90"),
    )
    threshold_c = models.DecimalField(
        _("C (cukup) bila EJ paling sedikit"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.70"),
    )
    threshold_d = models.DecimalField(
        _("D (sedang) bila EJ paling sedikit; di bawahnya E (kurang)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    rounding = models.CharField(
        _("pembulatan kebutuhan pegawai"),
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.HALF_UP,
    )
    ej_definition = models.CharField(
        _("definisi EJ"),
        max_length=30,
        choices=Definition.choices,
        default=Definition.REQUIRED_PER_INCUMBENT,
    )
    grade_scale = models.CharField(
        _("skala PJ"),
        max_length=10,
        choices=Scale.choices,
        default=Scale.FIVE,
    )

    class Meta:
        verbose_name = _("pengaturan ABK")
        verbose_name_plural = _("pengaturan ABK")

    def __str__(self) -> str:
        return str(_("Pengaturan ABK"))


class Position(models.Model):
    """A jabatan in a unit. Its incumbents are counted from the employee records (same unit,
    same jabatan name) unless `incumbents` is set."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="positions"
    )
    name = models.CharField(_("nama jabatan"), max_length=200)
    incumbents = models.PositiveIntegerField(
        _("jumlah pemangku"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Kosongkan agar dihitung dari data pegawai (unit dan jabatan yang sama)."),
    )
    effective_minutes = models.PositiveIntegerField(
        _("waktu kerja efektif (menit per tahun)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1_000), MaxValueValidator(200_000)],
        help_text=_("Kosongkan untuk memakai pengaturan instansi."),
    )

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="workload_position_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    """An uraian tugas of a position, with its yearly volume and standard time."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="duties"
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)
    description = models.CharField(_("uraian tugas"), max_length=500)
    result_unit = models.CharField(_("satuan hasil"), max_length=100)
    volume = models.DecimalField(
        _("beban kerja per tahun"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_VOLUME)],
    )
    minutes = models.DecimalField(
        _("norma waktu (menit)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_MINUTES)],
    )

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = _("uraian tugas")
        verbose_name_plural = _("uraian tugas")

    def __str__(self) -> str:
        return self.description

    @property
    def workload_minutes(self) -> Decimal:
        return self.volume * self.minutes


class DutyImport(models.Model):
    """An uploaded ABK file, kept between its dry run and its apply, then emptied."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    effective_minutes = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    applied = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("impor ABK")
        verbose_name_plural = _("impor ABK")

    def __str__(self) -> str:
        return self.file_name

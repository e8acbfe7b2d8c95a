"""Leave requests and the agency's leave settings.

The reason and any supporting letter of a request are sealed (rehat.lib.sealing) and read
only through rehat.leave.domain.confidential, which writes an audit entry for each read.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Employee, Unit


class LeaveType(models.TextChoices):
    TAHUNAN = "tahunan", _("Cuti tahunan")
    BESAR = "besar", _("Cuti besar")
    SAKIT = "sakit", _("Cuti sakit")
    MELAHIRKAN = "melahirkan", _("Cuti melahirkan")
    ALASAN_PENTING = "alasan_penting", _("Cuti karena alasan penting")
    BERSAMA = "bersama", _("Cuti bersama")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")
    PEMULIHAN = "pemulihan", _("Cuti pemulihan")


SICK_OR_RECOVERY = _("Cuti sakit/pemulihan")


class LeavePolicy(models.Model):
    """The agency's own leave settings (one row). Recovery leave is recorded as cuti sakit."""

    class Letter(models.TextChoices):
        DOCTOR = "doctor", _("surat keterangan dokter")
        PSYCHOLOGIST = "psychologist", _("surat keterangan psikolog")
        DOCTOR_OR_PSYCHOLOGIST = "doctor_or_psychologist", _("surat dokter atau psikolog")

    recovery_workdays = models.PositiveSmallIntegerField(
        _("cuti pemulihan per tahun (hari kerja)"), default=5
    )
    recovery_letter = models.CharField(
        _("surat untuk cuti pemulihan"),
        max_length=24,
        choices=Letter.choices,
        default=Letter.DOCTOR_OR_PSYCHOLOGIST,
    )
    recovery_letter_from_workdays = models.PositiveSmallIntegerField(
        _("surat diperlukan mulai (hari kerja)"), default=1
    )
    city = models.CharField(_("kota penetapan surat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kebijakan cuti")
        verbose_name_plural = _("kebijakan cuti")

    def __str__(self) -> str:
        return str(_("Kebijakan cuti instansi"))


class RuleAdjustment(models.Model):
    """An agency narrowing one legal rule (a shorter maximum, a longer service minimum)."""

    class Field(models.TextChoices):
        MAX_MONTHS = "max_months", _("paling lama (bulan)")
        MIN_SERVICE_MONTHS = "min_service_months", _("masa kerja paling sedikit (bulan)")
        LETTER_FROM_WORKDAYS = "letter_from_workdays", _("surat diperlukan mulai (hari kerja)")
        REMOTE_EXTRA_DAYS = "remote_extra_days", _("tambahan hari tempat sulit (hari kalender)")
        EARLY_WORKDAYS = "early_workdays", _("cuti tahunan sebelum 1 tahun (hari kerja)")

    regime = models.CharField(_("jenis pegawai"), max_length=4, choices=Employee.Kind.choices)
    leave_type = models.CharField(_("jenis cuti"), max_length=16, choices=LeaveType.choices)
    field = models.CharField(_("aturan"), max_length=24, choices=Field.choices)
    value = models.PositiveSmallIntegerField(_("nilai"))

    class Meta:
        verbose_name = _("penyesuaian aturan cuti")
        verbose_name_plural = _("penyesuaian aturan cuti")
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "leave_type", "field"], name="one_adjustment_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.regime} {self.leave_type} {self.field}={self.value}"


class Authority(models.Model):
    """The pejabat yang berwenang memberikan cuti for a unit subtree (nearest unit wins)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pejabat berwenang"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("jabatan pada surat"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pejabat berwenang memberikan cuti")
        verbose_name_plural = _("pejabat berwenang memberikan cuti")

    def __str__(self) -> str:
        return f"{self.unit}: {self.user}"


class MedicalReader(models.Model):
    """An HR officer who may read leave reasons and medical letters (with an HR role)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.CharField(max_length=200, blank=True)
    granted = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SDM bidang kesehatan")
        verbose_name_plural = _("SDM bidang kesehatan")

    def __str__(self) -> str:
        return str(self.user)


class Delegation(models.Model):
    """While `from_user` is away, `to_user` may recommend and decide in their place."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diwakilkan kepada"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("pendelegasian")
        verbose_name_plural = _("pendelegasian")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="delegation_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.start}–{self.end})"


class ServiceStart(models.Model):
    """When continuous service began, where the NIP's TMT is not right (set by HR)."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("mulai masa kerja"))

    class Meta:
        verbose_name = _("mulai masa kerja")
        verbose_name_plural = _("mulai masa kerja")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.date}"


class HolidayStaff(models.Model):
    """A teacher at a school or a lecturer at a university who gets the school or academic
    holidays: treated as having used their cuti tahunan (PP 11/2017 Pasal 315; PP 49/2018
    Pasal 81). Marked by HR, because a job title alone does not say who gets the holidays."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guru/dosen yang mendapat libur sekolah")
        verbose_name_plural = _("guru/dosen yang mendapat libur sekolah")

    def __str__(self) -> str:
        return str(self.employee_id)


class LetterCounter(models.Model):
    """The last letter number given in a year. Decisions lock the row (select_for_update) and
    raise it in their own transaction, so two approvals never share a number and a decision
    rolled back gives its number back."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penomoran surat cuti")
        verbose_name_plural = _("penomoran surat cuti")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class BalanceAdjustment(models.Model):
    """Working days added to (or taken from) a year's cuti tahunan: cuti bersama not taken
    because of duty, postponed leave, corrections."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    workdays = models.SmallIntegerField(_("hari kerja"))
    note = models.CharField(_("keterangan"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penyesuaian saldo cuti")
        verbose_name_plural = _("penyesuaian saldo cuti")

    def __str__(self) -> str:
        return f"{self.year} {self.workdays:+d} {self.note}"


class LeaveRequest(models.Model):
    class Status(models.TextChoices):
        RECOMMENDATION = "recommendation", _("menunggu pertimbangan atasan")
        DECISION = "decision", _("menunggu keputusan pejabat berwenang")
        APPROVED = "approved", _("disetujui")
        POSTPONED = "postponed", _("ditangguhkan")
        REJECTED = "rejected", _("ditolak")
        CANCELLED = "cancelled", _("dibatalkan")

    ACTIVE = (Status.RECOMMENDATION, Status.DECISION, Status.APPROVED)
    PENDING = (Status.RECOMMENDATION, Status.DECISION)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_requests")
    leave_type = models.CharField(_("jenis cuti"), max_length=16, choices=LeaveType.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))
    workdays = models.PositiveSmallIntegerField(_("hari kerja"))
    birth_order = models.PositiveSmallIntegerField(_("kelahiran ke-"), null=True, blank=True)
    address = models.CharField(_("alamat selama cuti"), max_length=300, blank=True)
    # Cuti tahunan spent somewhere hard to reach: the last `travel_days` calendar days of
    # start..end are the extension (PNS ≤ 12, PPPK ≤ 6) and use no balance.
    travel_days = models.PositiveSmallIntegerField(_("tambahan hari perjalanan"), default=0)
    travel_place = models.CharField(_("tempat yang sulit dijangkau"), max_length=200, blank=True)
    sealed_reason = models.BinaryField()
    # The letter's file name and type are sealed with its content: a name can say too much.
    sealed_letter = models.BinaryField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECOMMENDATION
    )
    # Who acts, fixed when the request is sent (a later change of supervisor does not move it).
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approver_title = models.CharField(max_length=200, blank=True)
    number = models.CharField(_("nomor surat"), max_length=60, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("permohonan cuti")
        verbose_name_plural = _("permohonan cuti")
        indexes = [models.Index(fields=["start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="leave_dates"
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="one_request_per_number"
            ),
        ]

    def __str__(self) -> str:
        # Shown in the audit log: never tells recovery leave from sick leave.
        return f"{self.category(reveal=False)} {self.start}–{self.end}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def has_letter(self) -> bool:
        return self.sealed_letter is not None

    @property
    def recorded_type(self) -> str:
        """The type the law records: recovery leave is cuti sakit."""
        return LeaveType.SAKIT if self.leave_type == LeaveType.PEMULIHAN else self.leave_type

    def category(self, *, reveal: bool) -> str:
        """The type as a viewer may see it: sick and recovery leave look alike unless revealed."""
        if not reveal and self.recorded_type == LeaveType.SAKIT:
            return str(SICK_OR_RECOVERY)
        return str(self.get_leave_type_display())


class LeaveEvent(models.Model):
    """One step of a request's history, shown to the employee at every step."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("diajukan")
        RECOMMENDED = "recommended", _("pertimbangan atasan")
        DECIDED = "decided", _("keputusan pejabat berwenang")
        CANCELLED = "cancelled", _("dibatalkan")

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("disetujui")
        POSTPONE = "postpone", _("ditangguhkan")
        REJECT = "reject", _("ditolak")

    request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.CharField(_("alasan"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat cuti")
        verbose_name_plural = _("riwayat cuti")

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}"

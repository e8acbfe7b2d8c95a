"""Counseling on the identity side.

Who booked whom is never stored in the clear: a booking keeps a keyed hash of its
holder (the employee for named bookings, the booking code for pseudonymous ones) and
its contact details sealed at rest. Nothing here has a `__str__` that names a client,
because the audit log copies `str(target)`.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit


class ServiceConfig(models.Model):
    """The agency's counseling settings; one row (pk 1)."""

    clinical_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koordinator klinis"),
        help_text=_("Boleh membaca catatan sesi semua konselor. Kosongkan bila tidak ada."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note_retention_days = models.PositiveIntegerField(
        _("masa simpan catatan sesi (hari)"),
        default=1825,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )
    pseudonymous_per_month = models.PositiveSmallIntegerField(
        _("janji tanpa nama per pegawai per bulan"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )

    class Meta:
        verbose_name = _("pengaturan konseling")
        verbose_name_plural = _("pengaturan konseling")

    def __str__(self) -> str:
        return "counseling settings"


class Counselor(models.Model):
    """A counselor's public profile: how long a session lasts and where it happens."""

    class Place(models.TextChoices):
        ROOM = "room", _("ruangan")
        PHONE = "phone", _("telepon")
        VIDEO = "video", _("video")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counseling_profile"
    )
    affiliation = models.CharField(
        _("asal"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya Biro SDM atau Puskesmas Sukamaju."),
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("lama sesi (menit)"),
        default=50,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    place_kind = models.CharField(
        _("tempat"), max_length=8, choices=Place.choices, default=Place.ROOM
    )
    place = models.CharField(
        _("keterangan tempat"),
        max_length=300,
        blank=True,
        help_text=_("Nama ruangan, nomor telepon, atau tautan video dari instansi."),
    )
    active = models.BooleanField(_("menerima janji"), default=True)
    excluded_units = models.ManyToManyField(
        Unit,
        verbose_name=_("unit yang tidak saya layani"),
        help_text=_("Misalnya unit tempat rekan kerja Anda sendiri; termasuk sub-unitnya."),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("konselor")
        verbose_name_plural = _("konselor")

    def __str__(self) -> str:
        return str(self.code)


class WeeklySlot(models.Model):
    """A recurring start time: every `weekday` at `start` (agency time zone)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    counselor = models.ForeignKey(Counselor, on_delete=models.CASCADE, related_name="weekly_slots")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    start = models.TimeField(_("jam mulai"))

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["counselor", "weekday", "start"], name="counseling_weekly_slot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start:%H:%M}"


class SlotException(models.Model):
    """A change to the weekly pattern on one date: a day or one slot off, or an extra slot."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("libur")
        EXTRA = "extra", _("slot tambahan")

    counselor = models.ForeignKey(Counselor, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("tanggal"))
    start = models.TimeField(
        _("jam mulai"), null=True, blank=True, help_text=_("Kosongkan untuk libur sehari penuh.")
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)

    class Meta:
        ordering = ["day", "start"]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"


ACTIVE = ("booked", "attended", "no_show")


class Booking(models.Model):
    class Mode(models.TextChoices):
        NAMED = "named", _("dengan nama (rahasia)")
        PSEUDONYMOUS = "pseudonymous", _("tanpa nama (kode janji)")

    class Status(models.TextChoices):
        BOOKED = "booked", _("terjadwal")
        CANCELLED = "cancelled", _("dibatalkan")
        ATTENDED = "attended", _("terlaksana")
        NO_SHOW = "no_show", _("tidak hadir")

    class Party(models.TextChoices):
        EMPLOYEE = "employee", _("pegawai")
        COUNSELOR = "counselor", _("konselor")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    counselor = models.ForeignKey(Counselor, on_delete=models.PROTECT, related_name="bookings")
    starts = models.DateTimeField(_("mulai"))
    ends = models.DateTimeField(_("selesai"))
    mode = models.CharField(_("cara"), max_length=12, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    # Keyed hash (MASTER_KEY) of the employee (named) or of the booking code (pseudonymous).
    holder = models.BinaryField(max_length=32, editable=False)
    # Named: name, email, unit. Pseudonymous: the contact the employee chose to give, if any.
    sealed_contact = models.BinaryField(editable=False)
    sealed_screening = models.BinaryField(null=True, editable=False)
    cancelled_by = models.CharField(max_length=10, choices=Party.choices, blank=True)
    booked_on = models.DateField()  # a day, not a time: enough for waiting-time figures
    reminded = models.BooleanField(default=False)
    revision = models.PositiveSmallIntegerField(default=0)  # the .ics SEQUENCE

    class Meta:
        ordering = ["starts"]
        indexes = [models.Index(fields=["holder"], name="counseling_booking_holder")]
        constraints = [
            # One session per counselor per start; cancelled bookings free the slot.
            models.UniqueConstraint(
                fields=["counselor", "starts"],
                condition=models.Q(status__in=ACTIVE),
                name="counseling_one_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="counseling_booking_ends"
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)


class PseudonymousQuota(models.Model):
    """How many pseudonymous bookings one employee made in a month, under a keyed hash
    of (employee, month); it says nothing about which bookings those were."""

    lookup = models.BinaryField(max_length=32, unique=True)
    used = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.pk)


class SessionNote(models.Model):
    """A counselor's note on a session, sealed at rest, purged after `purge_after`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sealed = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)
    purge_after = models.DateField(db_index=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return str(self.id)


class Circle(models.Model):
    """A support circle: a group session a counselor facilitates."""

    class Status(models.TextChoices):
        OPEN = "open", _("dibuka")
        CANCELLED = "cancelled", _("dibatalkan")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    facilitator = models.ForeignKey(Counselor, on_delete=models.PROTECT, related_name="circles")
    topic = models.CharField(_("topik"), max_length=200)
    starts = models.DateTimeField(_("mulai"))
    minutes = models.PositiveSmallIntegerField(
        _("lama (menit)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    size_limit = models.PositiveSmallIntegerField(
        _("jumlah peserta paling banyak"),
        default=8,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    place = models.CharField(_("tempat"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["starts"]

    def __str__(self) -> str:
        return str(self.code)


class CircleSeat(models.Model):
    """One participant, known by the display name they chose and a keyed hash."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="seats")
    holder = models.BinaryField(max_length=32)
    display_name = models.CharField(_("nama panggilan"), max_length=40)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "holder"], name="counseling_one_seat_each")
        ]

    def __str__(self) -> str:
        return str(self.pk)

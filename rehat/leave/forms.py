import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.leave.domain.balances import count_service_months
from rehat.leave.domain.checks import EarlyReason, RequestDetails, SickCause
from rehat.leave.domain.confidential import Letter
from rehat.leave.domain.reports import COLUMNS
from rehat.leave.domain.rules import LeaveRule, legal_rule, list_rules, validate_adjustment
from rehat.leave.models import (
    Authority,
    LeaveEvent,
    LeavePolicy,
    LeaveType,
    MedicalReader,
    RuleAdjustment,
)
from rehat.organizations.models import Employee, Unit
from rehat.organizations.permissions import HR, has_role

MAX_LETTER_BYTES = 5 * 1024 * 1024
LETTER_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# The questions beyond type and dates, in the order the form shows them. Each one is shown
# only for the leave types it applies to (LeaveRequestForm.detail_names).
DETAIL_NAMES = (
    "hajj_first",
    "birth_order",
    "travel_days",
    "travel_place",
    "early_reason",
    "sick_cause",
    "health_board",
)
HEAD_NAMES = ("leave_type", "start", "end")
TAIL_NAMES = ("reason", "letter", "address")


class LeaveRequestForm(forms.Form):
    """The employee's request. The hajj mark, the sick cause and the Tim Penguji Kesehatan
    flag only feed check_request: they are never stored, logged or shown to anyone else."""

    leave_type = forms.ChoiceField(label=_("Jenis cuti"))
    start = forms.DateField(label=_("Mulai"), widget=DateInput())
    end = forms.DateField(label=_("Sampai dengan"), widget=DateInput())
    hajj_first = forms.BooleanField(
        label=_("Cuti besar untuk menunaikan ibadah haji yang pertama"),
        required=False,
        help_text=_(
            "Tidak memerlukan masa kerja 5 tahun. Jawaban ini hanya dipakai untuk memeriksa "
            "permohonan dan tidak disimpan."
        ),
    )
    birth_order = forms.IntegerField(
        label=_("Kelahiran ke-"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_(
            "Selama menjadi ASN. Untuk cuti besar: isi hanya bila untuk kelahiran keempat "
            "atau seterusnya."
        ),
    )
    travel_days = forms.IntegerField(
        label=_("Tambahan hari perjalanan (hari kalender)"),
        required=False,
        min_value=0,
        initial=0,
        help_text=_(
            "Bila Anda menjalani cuti di tempat yang sulit dijangkau. Hari-hari ini termasuk "
            "dalam tanggal di atas, sebagai hari-hari terakhir, dan tidak mengurangi saldo."
        ),
    )
    travel_place = forms.CharField(
        label=_("Tempat yang sulit dijangkau"), max_length=200, required=False
    )
    early_reason = forms.ChoiceField(
        label=_("Alasan cuti tahunan sebelum 1 tahun masa kerja"),
        required=False,
        choices=[("", _("Tidak ada")), *EarlyReason.choices],
        help_text=_("Tidak disimpan; hanya dipakai untuk memeriksa permohonan."),
    )
    sick_cause = forms.ChoiceField(
        label=_("Sebab khusus"),
        required=False,
        choices=[("", _("Tidak ada")), *SickCause.choices],
        help_text=_(
            "Mengubah batas lama cuti sakit. Tidak disimpan dan tidak terlihat oleh atasan."
        ),
    )
    health_board = forms.BooleanField(
        label=_("Surat saya memuat keterangan Tim Penguji Kesehatan"),
        required=False,
        help_text=_(
            "Diperlukan bila cuti sakit Anda seluruhnya lebih dari 1 tahun. Tidak disimpan "
            "dan tidak terlihat oleh atasan."
        ),
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Disimpan terenkripsi. Atasan dan pejabat berwenang tidak dapat membacanya; "
            "hanya bagian SDM yang berwenang, dan setiap pembacaan tercatat."
        ),
    )
    letter = forms.FileField(
        label=_("Surat keterangan (PDF, JPG atau PNG, paling besar 5 MB)"), required=False
    )
    address = forms.CharField(label=_("Alamat selama cuti"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        employee: Employee,
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rules: dict[str, LeaveRule] = {
            rule.leave_type: rule for rule in list_rules(regime=employee.kind) if rule.requestable
        }
        field = self.fields["leave_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind, LeaveType(kind).label) for kind in self.rules]
        # The law's most (PNS 12, PPPK 6); a stricter agency limit is explained by the check.
        legal = legal_rule(regime=employee.kind, leave_type=LeaveType.TAHUNAN)
        travel = self.fields["travel_days"]
        assert isinstance(travel, forms.IntegerField)
        most = legal.remote_extra_days if legal and legal.remote_extra_days else 0
        travel.max_value = most
        travel.validators.append(MaxValueValidator(most))
        travel.widget.attrs["max"] = str(most)
        # Only a PPPK who has not yet served a year is asked why they need cuti tahunan early.
        annual = self.rules.get(LeaveType.TAHUNAN)
        months = count_service_months(employee=employee, on=today or timezone.localdate())
        self.early = (
            annual is not None
            and annual.early_workdays is not None
            and months is not None
            and months < (annual.min_service_months or 0)
        )

    def chosen_type(self) -> str:
        """The leave type the form is about: the one sent, else the first on the list."""
        value = self["leave_type"].value()
        if isinstance(value, str) and value in self.rules:
            return value
        return next(iter(self.rules), "")

    def detail_names(self, leave_type: str) -> list[str]:
        """The extra questions that apply to a leave type, in display order."""
        rule = self.rules.get(leave_type)
        if rule is None:
            return []
        names = set()
        if rule.hajj_waives_service:
            names.add("hajj_first")
        if rule.max_birth_order is not None or rule.birth_from_order is not None:
            names.add("birth_order")
        if rule.remote_extra_days:
            names.update({"travel_days", "travel_place"})
        if rule.early_workdays is not None and self.early:
            names.add("early_reason")
        if rule.leave_type == LeaveType.SAKIT:
            names.add("sick_cause")
        if rule.extension_months is not None:
            names.add("health_board")
        return [name for name in DETAIL_NAMES if name in names]

    def head_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEAD_NAMES]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.detail_names(self.chosen_type())]

    def tail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TAIL_NAMES]

    def clean_letter(self) -> Letter | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("letter")
        if not upload:
            return None
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in LETTER_TYPES:
            raise forms.ValidationError(_("Kirim surat sebagai PDF, JPG atau PNG."))
        if (upload.size or 0) > MAX_LETTER_BYTES:
            raise forms.ValidationError(_("Surat paling besar 5 MB."))
        return Letter(
            name=Path(upload.name or "surat").name[:200],
            content_type=LETTER_TYPES[suffix],
            content=upload.read(),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        # An answer to a question the chosen type does not ask (left over from another
        # type, or sent by hand) is dropped rather than held against the request.
        shown = set(self.detail_names(data.get("leave_type", "")))
        for name in DETAIL_NAMES:
            if name not in shown:
                data[name] = self.fields[name].to_python(None)
        return data

    def details(self) -> RequestDetails:
        """The answers for check_request and submit_request (call after is_valid)."""
        data = self.cleaned_data
        return RequestDetails(
            hajj_first=bool(data.get("hajj_first")),
            travel_days=data.get("travel_days") or 0,
            travel_place=data.get("travel_place") or "",
            early_reason=data.get("early_reason") or "",
            sick_cause=data.get("sick_cause") or "",
            health_board=bool(data.get("health_board")),
        )


class StepForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Keputusan"), choices=LeaveEvent.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Alasan"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila ditangguhkan atau ditolak. Pegawai dapat membacanya."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in {"postpone", "reject"} and not data.get("note", "").strip():
            self.add_error("note", _("Tuliskan alasannya."))
        return data


class DelegationForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Diwakilkan kepada"), queryset=User.objects.none(), empty_label=None
    )
    start = forms.DateField(label=_("Mulai"), widget=DateInput())
    end = forms.DateField(label=_("Sampai dengan"), widget=DateInput())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(employee__isnull=False, is_active=True)
            .exclude(pk=user.pk)
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Sampai"), widget=DateInput(), required=False)

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        start = end = None
        if self.is_valid():
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        start = start or today.replace(day=1)
        end = end or start + datetime.timedelta(days=61)
        return start, max(start, min(end, start + datetime.timedelta(days=366)))


# Types HR can filter on: the report's columns, the recorded types. Cuti sakit takes
# recovery leave with it, so no filter ever picks recovery leave out on its own.
REPORT_TYPES = COLUMNS
MAX_REPORT_YEARS = 10


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ReportForm(forms.Form):
    """HR's period (inclusive), unit subtree and recorded type; this year when left empty."""

    start = forms.DateField(label=_("Dari tanggal"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Sampai tanggal"), widget=DateInput(), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.order_by("path"),
        required=False,
        to_field_name="code",
        empty_label=_("Seluruh instansi"),
    )
    leave_type = forms.ChoiceField(
        label=_("Jenis cuti"),
        required=False,
        choices=[("", _("Semua jenis"))]
        + [
            (
                kind,
                _("Cuti sakit (termasuk pemulihan)")
                if kind == LeaveType.SAKIT
                else LeaveType(kind).label,
            )
            for kind in REPORT_TYPES
        ],
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if self.has_error("start") or self.has_error("end"):
            return data
        if start is None and end is None:
            data["start"] = self.today.replace(month=1, day=1)
            data["end"] = self.today.replace(month=12, day=31)
        elif start is None:
            self.add_error("start", _("Isi juga tanggal awal."))
        elif end is None:
            self.add_error("end", _("Isi juga tanggal akhir."))
        elif end < start:
            self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        elif end >= _years_later(start, MAX_REPORT_YEARS):
            self.add_error("end", _("Rentang paling panjang sepuluh tahun."))
        return data


def find_person(text: str) -> User | None:
    """An active user by email, or an employee by NIP (spaces ignored)."""
    text = text.strip()
    if "@" in text:
        return User.objects.filter(email__iexact=text, is_active=True).first()
    employee = (
        Employee.objects.filter(nip=text.replace(" ", ""), user__is_active=True)
        .select_related("user")
        .first()
    )
    return employee.user if employee else None


class PersonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", _("Email atau NIP / NI PPPK."))
        super().__init__(**kwargs)


class AuthorityForm(forms.Form):
    """Add a pejabat berwenang for a unit (`unit` absent when an existing row changes)."""

    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.order_by("path"), to_field_name="code"
    )
    person = PersonField(label=_("Pejabat berwenang"))
    title = forms.CharField(
        label=_("Jabatan pada surat"),
        max_length=200,
        required=False,
        help_text=_("Misalnya “Sekretaris Daerah”. Kosong: “Kepala” dan nama unit."),
    )

    def __init__(self, *args: Any, instance: Authority | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            employee = Employee.objects.filter(user_id=instance.user_id).first()
            kwargs.setdefault(
                "initial",
                {
                    "person": employee.nip if employee else instance.user.email,
                    "title": instance.title,
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["unit"]

    def clean_unit(self) -> Unit:
        unit: Unit = self.cleaned_data["unit"]
        if Authority.objects.filter(unit=unit).exists():
            raise forms.ValidationError(
                _("Unit ini sudah punya pejabat berwenang. Ubah baris yang ada di daftar.")
            )
        return unit

    def clean_person(self) -> User:
        user = find_person(self.cleaned_data["person"])
        if user is None or not Employee.objects.filter(user=user).exists():
            raise forms.ValidationError(_("Tidak ada pegawai aktif dengan email atau NIP itu."))
        return user


class MedicalReaderForm(forms.Form):
    person = PersonField(label=_("Petugas SDM"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_person(self) -> User:
        user = find_person(self.cleaned_data["person"])
        if user is None or not Employee.objects.filter(user=user).exists():
            raise forms.ValidationError(_("Tidak ada pegawai aktif dengan email atau NIP itu."))
        if not has_role(user, HR):
            raise forms.ValidationError(
                _("Hanya pegawai dengan peran SDM yang dapat diberi izin ini.")
            )
        if user.pk == self.actor.pk:
            raise forms.ValidationError(
                _("Anda tidak dapat memberi izin ini kepada diri sendiri; mintalah rekan SDM.")
            )
        if MedicalReader.objects.filter(user=user).exists():
            raise forms.ValidationError(_("Petugas ini sudah memegang izin tersebut."))
        return user


def _sick_letter_limit() -> int:
    """The latest working day from which the law still wants a letter for cuti sakit."""
    limits = [
        rule.letter_from_workdays
        for regime in Employee.Kind.values
        if (rule := legal_rule(regime=regime, leave_type=LeaveType.SAKIT)) is not None
        and rule.letter_from_workdays is not None
    ]
    return min(limits, default=1)


MAX_RECOVERY_WORKDAYS = 20


class PolicyForm(forms.ModelForm[LeavePolicy]):
    class Meta:
        model = LeavePolicy
        fields = [
            "recovery_workdays",
            "recovery_letter",
            "recovery_letter_from_workdays",
            "city",
        ]
        help_texts = {
            "recovery_workdays": _(
                "0 berarti instansi tidak menawarkan cuti pemulihan. Paling banyak 20: cuti "
                "pemulihan dicatat sebagai cuti sakit, dan cuti sakit PPPK paling lama satu bulan."
            ),
            "recovery_letter": _("Surat yang diminta instansi untuk cuti pemulihan."),
            "city": _("Tempat yang tertulis pada surat izin cuti."),
        }

    def clean_recovery_workdays(self) -> int:
        days: int = self.cleaned_data["recovery_workdays"]
        if days > MAX_RECOVERY_WORKDAYS:
            raise forms.ValidationError(
                _("Paling banyak %(n)d hari kerja setahun.") % {"n": MAX_RECOVERY_WORKDAYS}
            )
        return days

    def clean_recovery_letter_from_workdays(self) -> int:
        value: int = self.cleaned_data["recovery_letter_from_workdays"]
        limit = _sick_letter_limit()
        if not 1 <= value <= limit:
            raise forms.ValidationError(
                _(
                    "Cuti pemulihan dicatat sebagai cuti sakit, dan peraturan meminta surat "
                    "paling lambat mulai hari kerja ke-%(n)d. Instansi hanya boleh lebih ketat."
                )
                % {"n": limit}
            )
        return value


ADJUSTABLE_TYPES = [
    LeaveType.TAHUNAN,
    LeaveType.BESAR,
    LeaveType.SAKIT,
    LeaveType.MELAHIRKAN,
    LeaveType.ALASAN_PENTING,
    LeaveType.CLTN,
]


class RuleAdjustmentForm(forms.Form):
    """An agency rule as strict as the law or stricter; a looser value is refused with the
    legal limit (validate_adjustment in domain/rules.py)."""

    regime = forms.ChoiceField(label=_("Jenis pegawai"), choices=Employee.Kind.choices)
    leave_type = forms.ChoiceField(
        label=_("Jenis cuti"),
        choices=[(kind, LeaveType(kind).label) for kind in ADJUSTABLE_TYPES],
    )
    field = forms.ChoiceField(label=_("Aturan"), choices=RuleAdjustment.Field.choices)
    value = forms.IntegerField(label=_("Nilai"), min_value=0, max_value=1000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = ("regime", "leave_type", "field", "value")
        if any(data.get(key) is None for key in keys):
            return data
        # The rules domain knows which direction is stricter for each field.
        key = f"{data['regime']}.{data['leave_type']}.{data['field']}"
        try:
            validate_adjustment(key, data["value"])
        except forms.ValidationError as refused:
            self.add_error(
                "value",
                _("Instansi hanya boleh membuat aturan lebih ketat daripada peraturan. %(why)s")
                % {"why": " ".join(refused.messages)},
            )
        return data


class ServiceStartForm(forms.Form):
    date = forms.DateField(
        label=_("Mulai masa kerja"),
        widget=DateInput(),
        required=False,
        help_text=_("Kosongkan untuk kembali memakai TMT dari NIP."),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data["date"]
        if day is not None and day > self.today:
            raise forms.ValidationError(_("Masa kerja tidak dapat dimulai di masa depan."))
        if day is not None and day.year < 1950:
            raise forms.ValidationError(_("Periksa tahunnya."))
        return day


class BalanceAdjustmentForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    workdays = forms.IntegerField(
        label=_("Hari kerja"),
        min_value=-24,
        max_value=24,
        help_text=_("Positif menambah saldo cuti tahunan, negatif mengurangi."),
    )
    note = forms.CharField(
        label=_("Alasan"),
        max_length=200,
        help_text=_("Wajib. Hanya petugas SDM yang dapat membacanya."),
    )

    def clean_workdays(self) -> int:
        days: int = self.cleaned_data["workdays"]
        if days == 0:
            raise forms.ValidationError(_("Isi jumlah hari selain nol."))
        return days

    def clean_note(self) -> str:
        note = str(self.cleaned_data["note"]).strip()
        if not note:
            raise forms.ValidationError(_("Tuliskan alasannya."))
        return note


class EmployeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)


class HolidayStaffForm(forms.Form):
    """Mark a teacher or lecturer who gets the school or academic holidays."""

    note = forms.CharField(
        label=_("Keterangan"),
        max_length=200,
        required=False,
        help_text=_("Misalnya “Guru SMP Negeri 2”. Hanya petugas SDM yang dapat membacanya."),
    )

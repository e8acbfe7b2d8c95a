import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.leave.domain.confidential import Letter
from rehat.leave.domain.rules import list_rules
from rehat.leave.models import LeaveEvent, LeaveType
from rehat.organizations.models import Employee, Unit

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


class LeaveRequestForm(forms.Form):
    leave_type = forms.ChoiceField(label=_("Jenis cuti"))
    start = forms.DateField(label=_("Mulai"), widget=DateInput())
    end = forms.DateField(label=_("Sampai dengan"), widget=DateInput())
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
    birth_order = forms.IntegerField(
        label=_("Kelahiran ke- (khusus cuti melahirkan)"), required=False, min_value=1
    )
    address = forms.CharField(label=_("Alamat selama cuti"), max_length=300, required=False)

    def __init__(self, *args: Any, employee: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leave_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (rule.leave_type, LeaveType(rule.leave_type).label)
            for rule in list_rules(regime=employee.kind)
            if rule.requestable
        ]

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
        return data


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


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.all(), required=False, to_field_name="code"
    )

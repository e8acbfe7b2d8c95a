from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.organizations.domain.imports import max_import_bytes
from rehat.organizations.domain.tables import check_file
from rehat.workload.domain import abk
from rehat.workload.domain.duty_rows import parse_number
from rehat.workload.domain.editing import DutyData
from rehat.workload.models import MAX_MINUTES, MAX_VOLUME, Duty, Policy, Position

EFFECTIVE_CHOICES = [
    ("", _("Pengaturan instansi")),
    ("75000", _("1.250 jam (75.000 menit), PermenPANRB 1/2020")),
    ("78000", _("1.300 jam (78.000 menit), pedoman lama")),
    ("72000", _("1.200 jam (72.000 menit), Perka BKN 19/2011")),
]


def plain_number(value: Decimal | None) -> str:
    """7.50 → "7.5", 1500.00 → "1500": how a person would type it."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class NumberField(forms.CharField):
    """A decimal typed as 2,5 or 2.5, never with thousands separators."""

    def __init__(self, *, low: Decimal, high: Decimal, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.low, self.high = low, high
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        return plain_number(value) if isinstance(value, Decimal) else value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        number = parse_number(text=text)
        if number is None:
            raise forms.ValidationError(
                _("Isi dengan angka tanpa pemisah ribuan, misalnya 1500 atau 2,5.")
            )
        if number < self.low or number > self.high:
            raise forms.ValidationError(
                _("Angka harus antara %(low)s dan %(high)s."),
                params={"low": self.low, "high": plain_number(self.high)},
            )
        if number != number.quantize(abk.TWO_PLACES):
            raise forms.ValidationError(_("Paling banyak dua angka di belakang koma."))
        return number


class PositionForm(forms.ModelForm[Position]):
    effective_minutes = forms.TypedChoiceField(
        label=_("Waktu kerja efektif"),
        choices=EFFECTIVE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Position
        fields = ["name", "incumbents", "effective_minutes"]

    def __init__(self, *args: Any, unit_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id = unit_id

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Position.objects.filter(unit_id=self.unit_id, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Jabatan dengan nama ini sudah ada di unit ini."))
        return name


class DutyForm(forms.Form):
    code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=36)
    description = forms.CharField(
        label=_("Uraian tugas"), max_length=Duty._meta.get_field("description").max_length
    )
    result_unit = forms.CharField(
        label=_("Satuan hasil"), max_length=Duty._meta.get_field("result_unit").max_length
    )
    volume = NumberField(label=_("Beban kerja per tahun"), low=Decimal(0), high=MAX_VOLUME)
    minutes = NumberField(label=_("Norma waktu (menit)"), low=Decimal("0.01"), high=MAX_MINUTES)


def duties_from(*, formset: forms.BaseFormSet[DutyForm]) -> list[DutyData]:
    """The filled-in, not deleted rows of a valid formset, in order."""
    kept = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        kept.append(
            DutyData(
                code=data.get("code") or None,
                description=data["description"],
                result_unit=data["result_unit"],
                volume=data["volume"],
                minutes=data["minutes"],
            )
        )
    return kept


DutyFormSet = forms.formset_factory(
    DutyForm, extra=1, can_delete=True, max_num=500, validate_max=True
)


class IncumbentsForm(forms.Form):
    incumbents = forms.IntegerField(
        label=_("Jumlah pemangku"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Kosongkan agar dihitung dari data pegawai."),
    )


class PolicyForm(forms.ModelForm[Policy]):
    class Meta:
        model = Policy
        fields = [
            "effective_minutes",
            "threshold_a",
            "threshold_b",
            "threshold_c",
            "threshold_d",
            "rounding",
            "ej_definition",
            "grade_scale",
        ]
        widgets = {
            "rounding": forms.RadioSelect,
            "ej_definition": forms.RadioSelect,
            "grade_scale": forms.RadioSelect,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used = "abc" if data.get("grade_scale") == Policy.Scale.FOUR else "abcd"
        values = [data.get(f"threshold_{g}") for g in used]
        if None not in values and values != sorted(values, reverse=True):  # type: ignore[type-var]
            raise forms.ValidationError(
                _("Batas nilai harus menurun: A ≥ B ≥ C ≥ D."), code="order"
            )
        return data


class DutyImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_("Gunakan templat di bawah. Baris pertama berisi judul kolom."),
        allow_empty_file=True,
    )
    effective_minutes = forms.TypedChoiceField(
        label=_("Waktu kerja efektif yang dipakai berkas ini"),
        choices=EFFECTIVE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Pilih konvensi lama bila berkas disusun dengan 1.300 atau 1.200 jam."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        errors = check_file(file_name=upload.name, size=upload.size, max_bytes=max_import_bytes())
        if errors:
            raise forms.ValidationError(errors)
        return upload


class ApplyForm(forms.Form):
    valid_only = forms.BooleanField(required=False)

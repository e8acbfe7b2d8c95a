import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.counseling.domain.availability import Slot
from rehat.counseling.models import (
    Booking,
    Circle,
    Counselor,
    ServiceConfig,
    SlotException,
    WeeklySlot,
)
from rehat.instruments.domain.scoring import AnswerError, parse_answers
from rehat.organizations.permissions import COUNSELOR


def slot_label(slot: Slot) -> str:
    return date_format(timezone.localtime(slot.starts), "D j M, H.i")


class SlotField(forms.ChoiceField):
    def __init__(self, *, slots: list[Slot], **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Waktu"))
        super().__init__(choices=[(s.starts.isoformat(), slot_label(s)) for s in slots], **kwargs)

    def clean(self, value: Any) -> datetime.datetime:
        return datetime.datetime.fromisoformat(super().clean(value))


class BookingForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Cara membuat janji"),
        choices=Booking.Mode.choices,
        initial=Booking.Mode.NAMED,
        widget=forms.RadioSelect,
        help_text=_(
            "Dengan nama: hanya konselor yang melihat nama Anda. Tanpa nama: Anda mendapat "
            "kode janji, dan konselor tidak tahu siapa Anda."
        ),
    )
    contact = forms.CharField(
        label=_("Kontak (boleh dikosongkan)"),
        max_length=200,
        required=False,
        help_text=_(
            "Hanya untuk janji tanpa nama: nomor atau alamat yang boleh dipakai konselor "
            "bila perlu menghubungi Anda. Tanpa kontak pun tidak apa-apa."
        ),
    )

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"starts": SlotField(slots=slots), **self.fields}


class RescheduleForm(forms.Form):
    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts"] = SlotField(slots=slots, label=_("Waktu baru"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode janji"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ScreeningForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Kuesioner"), choices=[("phq9", "PHQ-9"), ("gad7", "GAD-7")]
    )
    answers = forms.CharField(
        label=_("Jawaban Anda, berurutan"),
        required=False,
        max_length=60,
        help_text=_("Angka tiap pertanyaan dipisah spasi atau koma, misalnya 1 0 2 1 0 0 1 2 0."),
    )
    total = forms.IntegerField(
        label=_("Atau skor totalnya saja"), required=False, min_value=0, max_value=27
    )

    def clean_answers(self) -> list[int] | None:
        text = self.cleaned_data["answers"].replace(",", " ").split()
        if not text:
            return None
        try:
            return parse_answers(raw=text)
        except AnswerError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("answers") and data.get("total") is None and not self.errors:
            raise forms.ValidationError(_("Isi jawaban Anda atau skor totalnya."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Catatan sesi"), max_length=20000, widget=forms.Textarea)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("yes", _("hadir")), ("no", _("tidak hadir"))], coerce=lambda v: v == "yes"
    )


class ProfileForm(forms.ModelForm[Counselor]):
    class Meta:
        model = Counselor
        fields = [
            "affiliation",
            "session_minutes",
            "place_kind",
            "place",
            "active",
            "excluded_units",
        ]
        widgets = {"excluded_units": forms.CheckboxSelectMultiple}


class WeeklySlotForm(forms.ModelForm[WeeklySlot]):
    class Meta:
        model = WeeklySlot
        fields = ["weekday", "start"]
        widgets = {"start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class ExceptionForm(forms.ModelForm[SlotException]):
    class Meta:
        model = SlotException
        fields = ["day", "kind", "start"]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SlotException.Kind.EXTRA and data.get("start") is None:
            self.add_error("start", _("Slot tambahan perlu jam mulai."))
        return data


class CircleForm(forms.ModelForm[Circle]):
    class Meta:
        model = Circle
        fields = ["topic", "starts", "minutes", "size_limit", "place"]
        widgets = {
            "starts": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Nama panggilan"),
        max_length=40,
        help_text=_("Nama yang akan dilihat pemandu. Boleh nama samaran."),
    )


class ServiceConfigForm(forms.ModelForm[ServiceConfig]):
    class Meta:
        model = ServiceConfig
        fields = ["clinical_lead", "note_retention_days", "pseudonymous_per_month"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinical_lead"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(roles__kind=COUNSELOR).order_by("name")

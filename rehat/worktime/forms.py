from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rehat.organizations.models import Unit
from rehat.schedule.domain.hours import OFFICE_ZONES, PROFILES

ORDERS = [
    ("auto", _("Otomatis (dari isi berkas)")),
    ("dmy", _("Hari/bulan/tahun")),
    ("mdy", _("Bulan/hari/tahun")),
    ("ymd", _("Tahun/bulan/hari")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("Ekspor obrolan WhatsApp (.txt atau .zip) atau kalender (.ics)."),
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.none(), required=False
    )
    date_order = forms.ChoiceField(label=_("Urutan tanggal"), choices=ORDERS, initial="auto")
    zone = forms.ChoiceField(
        label=_("Zona waktu kantor"),
        choices=[(name, name) for name in OFFICE_ZONES],
        initial="WIB",
    )
    schedule = forms.ChoiceField(
        label=_("Jadwal kerja"),
        choices=[(name, profile.label) for name, profile in PROFILES.items()],
        initial="perpres",
    )
    leader_names = forms.CharField(
        label=_("Nama pimpinan dalam obrolan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Satu nama per baris, persis seperti tertulis di obrolan. Nama tidak disimpan: "
            "hanya dipakai untuk menandai nama samaran pimpinan."
        ),
    )
    my_names = forms.CharField(
        label=_("Nama Anda sendiri dalam obrolan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Opsional. Satu nama per baris, persis seperti tertulis di obrolan. Dipakai hanya "
            "untuk menandai nama samaran Anda sendiri, agar Anda bisa melihat jejak Anda di luar "
            "jam kerja. Tanda ini hanya terlihat oleh Anda; namanya tidak disimpan."
        ),
    )
    private = forms.BooleanField(label=_("Hanya untuk saya"), required=False)

    def __init__(self, *args: object, units: QuerySet[Unit] | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if units is None:
            del self.fields["unit"]
            del self.fields["private"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class LeaderForm(forms.Form):
    leaders = forms.MultipleChoiceField(
        label=_("Nama samaran pimpinan"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, pseudonyms: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["leaders"].choices = [(p, p) for p in pseudonyms]  # type: ignore[attr-defined]


class MeForm(forms.Form):
    mine = forms.MultipleChoiceField(
        label=_("Ini saya"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tandai nama samaran Anda sendiri. Hanya Anda yang melihat tanda ini."),
    )

    def __init__(self, *args: object, pseudonyms: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["mine"].choices = [(p, p) for p in pseudonyms]  # type: ignore[attr-defined]

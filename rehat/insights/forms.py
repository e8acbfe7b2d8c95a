from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.insights.domain.dashboard import HEAT_PERIODS, METRICS


class ActionPlanForm(forms.Form):
    heard = forms.CharField(
        label=_("Yang kami dengar"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tulis dengan kata-kata Anda, tanpa menyebut atau menebak siapa pun."),
    )
    will_do = forms.CharField(
        label=_("Yang akan kami lakukan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    due = forms.DateField(label=_("Target selesai"), widget=forms.DateInput(attrs={"type": "date"}))


class HeatMapForm(forms.Form):
    unit = forms.CharField(required=False, max_length=40)
    metric = forms.ChoiceField(
        label=_("Ukuran"),
        choices=[(k, v[0]) for k, v in METRICS.items() if k != "who5_low_share"],
        required=False,
    )
    periods = forms.TypedChoiceField(
        label=_("Periode"),
        choices=[(n, _("%(n)s minggu terakhir") % {"n": n}) for n in HEAT_PERIODS],
        coerce=int,
        required=False,
    )


class ReportForm(forms.Form):
    unit = forms.CharField(required=False, max_length=40)


class ClimateSurveyForm(forms.Form):
    """HR opens the psychological-safety climate survey for every unit."""

    starts = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(label=_("Selesai"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("Tanggal selesai harus sesudah tanggal mulai."))
        return data

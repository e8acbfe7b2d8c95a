from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.audit.models import Entry


class EntryFilterForm(forms.Form):
    actor = forms.CharField(label=_("Pelaku"), required=False, max_length=100)
    action = forms.ChoiceField(
        label=_("Tindakan"), choices=[("", _("Semua")), *list(Entry.Action.choices)], required=False
    )
    target = forms.CharField(label=_("Objek"), required=False, max_length=100)
    start = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

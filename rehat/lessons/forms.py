from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.lessons.domain.progress import MAX_REFLECTION


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Refleksi Anda (boleh dikosongkan)"),
        help_text=_(
            "Hanya Anda yang bisa membacanya. Pimpinan Anda, SDM, dan admin tidak bisa, "
            "dan tersimpan terenkripsi."
        ),
        required=False,
        max_length=MAX_REFLECTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

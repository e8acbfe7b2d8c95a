import time
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.conversations.domain.threads import MAX_TEXT
from rehat.lib import sealing
from rehat.listening.domain import totp
from rehat.listening.models import TotpDevice
from rehat.organizations.permissions import COUNSELOR


def unseal_secret(device: TotpDevice) -> bytes:
    return sealing.unseal(bytes(device.sealed_secret), secret=settings.MASTER_KEY, purpose="totp")


def seal_secret(secret: bytes) -> bytes:
    return sealing.seal(secret, secret=settings.MASTER_KEY, purpose="totp")


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app. A valid code also claims its time
    step, so the same code (or an older one) is refused afterwards, even by a request
    racing this one."""

    code = forms.CharField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(
        self, *args: Any, device: TotpDevice, unix_time: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.unix_time = time.time() if unix_time is None else unix_time

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        step = totp.matching_step(unseal_secret(self.device), code, unix_time=self.unix_time)
        if step is None:
            raise forms.ValidationError(
                _("Kode tidak cocok. Periksa jam ponsel Anda, lalu ketik kode yang sedang tampil."),
                code="wrong",
            )
        claimed = TotpDevice.objects.filter(pk=self.device.pk, last_step__lt=step).update(
            last_step=step, confirmed=True
        )
        if not claimed:
            raise forms.ValidationError(
                _("Kode ini sudah dipakai. Tunggu sampai aplikasi menampilkan kode baru."),
                code="replay",
            )
        return code


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Balasan Anda"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "id": "reply-text"}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Catatan pribadi tim konselor"),
        max_length=MAX_TEXT,
        help_text=_("Hanya konselor yang bisa membacanya; pegawai tidak melihat catatan ini."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CounselorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name


class HandoverForm(forms.Form):
    counselor = CounselorChoiceField(
        label=_("Serahkan kepada"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, me: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counselor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            User.objects.filter(roles__kind=COUNSELOR, is_active=True)
            .exclude(pk=me.pk)
            .distinct()
            .order_by("name")
        )


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Tampilkan"),
        required=False,
        choices=[
            ("open", _("Semua yang terbuka")),
            ("mine", _("Pegangan saya")),
            ("closed", _("Sudah ditutup")),
        ],
    )

    def choice(self) -> str:
        if self.is_valid() and self.cleaned_data["show"]:
            return str(self.cleaned_data["show"])
        return "open"

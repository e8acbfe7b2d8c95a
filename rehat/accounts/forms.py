from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from rehat.accounts.tasks import send_email


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP / NI PPPK atau email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "NIP/email atau kata sandi tidak cocok. Periksa lagi, atau pakai “Lupa kata sandi”."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi bagian SDM."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset mail through the task queue, after the request commits."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to_email]))

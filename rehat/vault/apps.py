from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    """An employee's private journal and check-in history, encrypted in their browser."""

    name = "rehat.vault"
    label = "vault"
    verbose_name = _("Brankas pribadi")
    side = "identity"

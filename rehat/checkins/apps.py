from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    """Identity side of check-ins: periods, token keys, the issuance ledger, the pages."""

    name = "rehat.checkins"
    label = "checkins"
    verbose_name = _("Cek kabar")
    side = "identity"

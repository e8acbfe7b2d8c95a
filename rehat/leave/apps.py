from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    """ASN leave: rules per regime, balances, approvals, the official letter."""

    name = "rehat.leave"
    label = "leave"
    verbose_name = _("Cuti")
    side = "identity"

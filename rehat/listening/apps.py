from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    """Identity side of Ruang Dengar: counselors, their keys, second factor, inbox."""

    name = "rehat.listening"
    label = "listening"
    verbose_name = _("Ruang Dengar (konselor)")
    side = "identity"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounselingConfig(AppConfig):
    """Counselors, their availability, bookings, session notes and support circles."""

    name = "rehat.counseling"
    label = "counseling"
    verbose_name = _("Konseling")
    side = "identity"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    """The agency's working calendar: national holidays, cuti bersama and overrides."""

    name = "rehat.schedule"
    label = "schedule"
    verbose_name = _("Kalender kerja")
    side = "identity"

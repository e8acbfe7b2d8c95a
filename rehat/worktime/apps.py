from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    """Always-on culture: after-hours activity measured from chat exports and calendars."""

    name = "rehat.worktime"
    label = "worktime"
    verbose_name = _("Jam kerja")
    side = "identity"

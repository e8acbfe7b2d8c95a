from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Identity side of insights: dashboards, action plans, alerts and reports.

    Everything here reads released rows only (rehat.releases); nothing reaches answers.
    """

    name = "rehat.insights"
    label = "insights"
    verbose_name = _("Wawasan")
    side = "identity"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    """Anonymous side: released statistics and the ε ledger. Aggregates only, no people."""

    name = "rehat.releases"
    label = "releases"
    verbose_name = _("Statistik rilis")
    side = "anonymous"

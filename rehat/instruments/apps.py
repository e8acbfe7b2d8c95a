from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "rehat.instruments"
    label = "instruments"
    verbose_name = _("Instrumen")
    side = "identity"

    def ready(self) -> None:
        # Registers the system check; it imports models, so not before the registry is ready.
        from rehat.instruments import checks  # noqa: F401, PLC0415

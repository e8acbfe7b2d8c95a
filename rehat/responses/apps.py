from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    """Anonymous side of check-ins: published public keys, spent tokens, answers."""

    name = "rehat.responses"
    label = "responses"
    verbose_name = _("Jawaban anonim")
    side = "anonymous"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Anonymous side of Ruang Dengar: conversations and their sealed messages."""

    name = "rehat.conversations"
    label = "conversations"
    verbose_name = _("Ruang Dengar")
    side = "anonymous"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """Short lessons, a conversation guide and nudges for leaders (identity side)."""

    name = "rehat.lessons"
    label = "lessons"
    verbose_name = _("Belajar memimpin")
    side = "identity"

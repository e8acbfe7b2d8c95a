"""Keeps every model on its side: identity (`default`) or anonymous (`anonymous`).

An app joins the anonymous side by setting `side = "anonymous"` on its AppConfig.
Relations never cross sides (tests/test_sides.py checks every model).
"""

from typing import Any

from django.apps import apps
from django.db.models import Model

IDENTITY = "default"
ANONYMOUS = "anonymous"


def side_of_app(app_label: str) -> str:
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return IDENTITY
    return ANONYMOUS if getattr(config, "side", IDENTITY) == ANONYMOUS else IDENTITY


class SideRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return side_of_app(model._meta.app_label)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return side_of_app(model._meta.app_label)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return side_of_app(obj1._meta.app_label) == side_of_app(obj2._meta.app_label)

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return side_of_app(app_label) == db

from django.apps import apps
from django.conf import settings

from rehat.routers import ANONYMOUS, IDENTITY, SideRouter, side_of_app


def test_no_relation_crosses_sides():
    crossings = []
    for model in apps.get_models(include_auto_created=True):
        side = side_of_app(model._meta.app_label)
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is None or isinstance(related, str):
                continue
            if side_of_app(related._meta.app_label) != side:
                crossings.append(f"{model._meta.label}.{field.name} -> {related._meta.label}")
    assert crossings == []


def test_router_sends_each_app_to_its_side():
    router = SideRouter()
    for model in apps.get_models():
        expected = side_of_app(model._meta.app_label)
        assert router.db_for_read(model) == expected
        assert router.db_for_write(model) == expected
        assert router.allow_migrate(expected, model._meta.app_label) is True
        other = ANONYMOUS if expected == IDENTITY else IDENTITY
        assert router.allow_migrate(other, model._meta.app_label) is False


def test_identity_apps_are_not_anonymous():
    for label in ["accounts", "auth", "contenttypes", "sessions", "organizations", "audit"]:
        assert side_of_app(label) == IDENTITY


def test_two_database_aliases_are_configured():
    assert set(settings.DATABASES) == {IDENTITY, ANONYMOUS}
    assert settings.DATABASES[IDENTITY]["NAME"] != settings.DATABASES[ANONYMOUS]["NAME"]


# DESIGN.md's one exception: a conversation's reply deadline, rounded to the hour.
TIME_EXCEPTIONS = {"conversations.Conversation.deadline"}


def test_models_on_the_anonymous_side_have_no_timestamp_or_sequential_id():
    from django.db import models

    offenders = []
    for model in apps.get_models():
        if side_of_app(model._meta.app_label) != ANONYMOUS:
            continue
        pk = model._meta.pk
        if isinstance(pk, (models.AutoField, models.BigAutoField, models.SmallAutoField)):
            offenders.append(f"{model._meta.label}: sequential primary key")
        for field in model._meta.get_fields():
            where = f"{model._meta.label}.{field.name}"
            if isinstance(field, (models.DateTimeField, models.TimeField, models.DateField)):
                if where in TIME_EXCEPTIONS:
                    continue
                offenders.append(f"{model._meta.label}.{field.name}: time column")
    assert offenders == []

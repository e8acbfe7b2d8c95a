from django.urls import path  # noqa: F401

app_name = "instruments"

urlpatterns: list = []  # type: ignore[type-arg]

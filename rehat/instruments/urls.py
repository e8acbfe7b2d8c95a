from django.urls import path

from rehat.instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="instrument-list"),
    path("<slug:instrument_id>/", views.instrument_detail, name="instrument-detail"),
]

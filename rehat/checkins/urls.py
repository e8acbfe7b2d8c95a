from django.urls import path

from rehat.checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.checkin, name="checkin"),
    path("token/", views.tokens, name="tokens"),
    path("privasi/", views.privacy, name="privacy"),
    path("kunci/", views.keys, name="keys"),
]

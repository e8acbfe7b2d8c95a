from django.urls import path

from rehat.listening import employee_views

app_name = "ruang_dengar"

urlpatterns = [
    path("", employee_views.home, name="home"),
    path("identitas/", employee_views.reveal_identity, name="identity-reveal"),
]

from django.urls import path

from rehat.vault import api, views

app_name = "vault"

urlpatterns = [
    path("", views.home, name="home"),
    path("simpan/", views.offer, name="offer"),
    path("api/v1/", api.vault, name="api"),
    path("api/v1/kunci/", api.keys, name="api-keys"),
    path("api/v1/isi/", api.items, name="api-items"),
    path("api/v1/isi/<str:code>/", api.item, name="api-item"),
]

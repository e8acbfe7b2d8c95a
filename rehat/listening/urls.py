from django.urls import path

from rehat.listening import views

app_name = "listening"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("kode/", views.code, name="code"),
    path("layanan/", views.service, name="service"),
    path("percakapan/<uuid:conversation_id>/", views.thread, name="thread"),
    path("percakapan/<uuid:conversation_id>/balas/", views.reply, name="thread-reply"),
    path("percakapan/<uuid:conversation_id>/tutup/", views.close, name="thread-close"),
    path("percakapan/<uuid:conversation_id>/buka/", views.reopen, name="thread-reopen"),
    path("percakapan/<uuid:conversation_id>/serahkan/", views.handover, name="thread-handover"),
    path("percakapan/<uuid:conversation_id>/catatan/", views.note, name="thread-note"),
]

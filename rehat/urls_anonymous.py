"""The URL set of the anonymous process (REHAT_URLCONF=rehat.urls_anonymous).

In production it runs as its own process with only the anonymous database's
credentials; the demo serves it from the main process under the same paths.
"""

from django.urls import path

from rehat.conversations import views as conversations
from rehat.responses import views

app_name = "responses"

urlpatterns = [
    path("anon/v1/kunci.json", views.keys, name="keys"),
    path("anon/v1/cek-kabar/", views.redeem_checkin, name="redeem"),
    path("anon/v1/ruang-dengar/buka/", conversations.open_thread, name="conversation-open"),
    path("anon/v1/ruang-dengar/baca/", conversations.read_thread, name="conversation-read"),
    path("anon/v1/ruang-dengar/kirim/", conversations.send_message, name="conversation-send"),
]

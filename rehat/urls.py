from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # First: the anonymous endpoints are the hot path, resolved before anything else.
    path("", include("rehat.urls_anonymous")),
    path("", include("rehat.accounts.urls")),
    path("org/", include("rehat.organizations.urls")),
    path("audit/", include("rehat.audit.urls")),
    path("instrumen/", include("rehat.instruments.urls")),
    path("cek-kabar/", include("rehat.checkins.urls")),
    path("ruang-dengar/", include("rehat.listening.employee_urls")),
    path("konselor/", include("rehat.listening.urls")),
    path("cuti/", include("rehat.leave.urls")),
    path("konseling/", include("rehat.counseling.urls")),
    path("beban-kerja/", include("rehat.workload.urls")),
    path("belajar/", include("rehat.lessons.urls")),
    path("brankas/", include("rehat.vault.urls")),
    path("wawasan/", include("rehat.insights.urls")),
    path("jam-kerja/", include("rehat.worktime.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

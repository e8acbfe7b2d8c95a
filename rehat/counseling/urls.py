from django.urls import path

from rehat.counseling import counselor_views, views

app_name = "counseling"

urlpatterns = [
    path("", views.home, name="home"),
    path("konselor/<uuid:code>/", views.counselor, name="counselor"),
    path("janji/<uuid:code>/", views.booking, name="booking"),
    path("janji/<uuid:code>/batal/", views.booking_cancel, name="booking-cancel"),
    path("janji/<uuid:code>/pindah/", views.booking_move, name="booking-move"),
    path("janji/<uuid:code>/skrining/", views.booking_screening, name="booking-screening"),
    path("janji/<uuid:code>/kalender.ics", views.booking_calendar, name="booking-calendar"),
    path("kode/", views.by_code, name="code"),
    path("ketersediaan/", counselor_views.availability, name="availability"),
    path("jadwal/", counselor_views.schedule, name="schedule"),
    path("jadwal/<uuid:code>/", counselor_views.session, name="session"),
    path("jadwal/<uuid:code>/catatan/", counselor_views.session_note, name="session-note"),
    path("jadwal/<uuid:code>/batal/", counselor_views.session_cancel, name="session-cancel"),
    path("jadwal/<uuid:code>/pindah/", counselor_views.session_move, name="session-move"),
    path(
        "jadwal/<uuid:code>/kehadiran/",
        counselor_views.session_attendance,
        name="session-attendance",
    ),
    path("lingkar/", counselor_views.circles, name="circles"),
    path("lingkar/baru/", counselor_views.circle_new, name="circle-new"),
    path("lingkar/<uuid:code>/", counselor_views.circle, name="circle"),
    path("lingkar/<uuid:code>/gabung/", counselor_views.circle_join, name="circle-join"),
    path("lingkar/<uuid:code>/keluar/", counselor_views.circle_leave, name="circle-leave"),
    path("lingkar/<uuid:code>/batal/", counselor_views.circle_cancel, name="circle-cancel"),
    path("kapasitas/", counselor_views.capacity, name="capacity"),
    path("pengaturan/", counselor_views.service_settings, name="settings"),
]

from django.urls import path

from rehat.leave import views

app_name = "leave"

urlpatterns = [
    path("", views.home, name="home"),
    path("ajukan/", views.request_new, name="request-new"),
    path("ajukan/periksa/", views.request_check, name="request-check"),
    path("persetujuan/", views.approvals, name="approvals"),
    path("delegasi/", views.delegation, name="delegation"),
    path("delegasi/<int:pk>/hapus/", views.delegation_delete, name="delegation-delete"),
    path("unit/", views.unit_calendar, name="unit-calendar"),
    path("sdm/", views.hr_report, name="hr-report"),
    path("<uuid:code>/", views.request_detail, name="request-detail"),
    path("<uuid:code>/pertimbangan/", views.request_recommend, name="request-recommend"),
    path("<uuid:code>/keputusan/", views.request_decide, name="request-decide"),
    path("<uuid:code>/batal/", views.request_cancel, name="request-cancel"),
    path("<uuid:code>/alasan/", views.request_reason, name="request-reason"),
    path("<uuid:code>/lampiran/", views.request_letter, name="request-letter"),
    path("<uuid:code>/surat-izin-cuti.pdf", views.request_pdf, name="request-pdf"),
    path("<uuid:code>/cuti.ics", views.request_ics, name="request-ics"),
]

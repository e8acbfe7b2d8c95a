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
    path("sdm/rekap.csv", views.hr_report_csv, name="hr-report-csv"),
    path("sdm/pejabat/", views.hr_authorities, name="hr-authorities"),
    path("sdm/pejabat/<int:pk>/", views.hr_authority_edit, name="hr-authority-edit"),
    path("sdm/pejabat/<int:pk>/hapus/", views.hr_authority_delete, name="hr-authority-delete"),
    path("sdm/kesehatan/", views.hr_medical_readers, name="hr-medical"),
    path(
        "sdm/kesehatan/<int:pk>/cabut/",
        views.hr_medical_reader_revoke,
        name="hr-medical-revoke",
    ),
    path("sdm/kebijakan/", views.hr_policy, name="hr-policy"),
    path("sdm/aturan/", views.hr_rules, name="hr-rules"),
    path("sdm/aturan/<int:pk>/hapus/", views.hr_rule_delete, name="hr-rule-delete"),
    path("sdm/pegawai/", views.hr_employees, name="hr-employees"),
    path("sdm/pegawai/<uuid:code>/", views.hr_employee, name="hr-employee"),
    path(
        "sdm/pegawai/<uuid:code>/masa-kerja/",
        views.hr_employee_service_start,
        name="hr-employee-service-start",
    ),
    path(
        "sdm/pegawai/<uuid:code>/penyesuaian/",
        views.hr_employee_adjustment,
        name="hr-employee-adjustment",
    ),
    path(
        "sdm/pegawai/<uuid:code>/libur-sekolah/",
        views.hr_employee_holiday_staff,
        name="hr-employee-holiday-staff",
    ),
    path(
        "sdm/pegawai/<uuid:code>/libur-sekolah/hapus/",
        views.hr_employee_holiday_staff_delete,
        name="hr-employee-holiday-staff-delete",
    ),
    path("sdm/libur-sekolah/", views.hr_holiday_staff, name="hr-holiday-staff"),
    path("<uuid:code>/", views.request_detail, name="request-detail"),
    path("<uuid:code>/pertimbangan/", views.request_recommend, name="request-recommend"),
    path("<uuid:code>/keputusan/", views.request_decide, name="request-decide"),
    path("<uuid:code>/batal/", views.request_cancel, name="request-cancel"),
    path("<uuid:code>/alasan/", views.request_reason, name="request-reason"),
    path("<uuid:code>/lampiran/", views.request_letter, name="request-letter"),
    path("<uuid:code>/surat-izin-cuti.pdf", views.request_pdf, name="request-pdf"),
    path("<uuid:code>/cuti.ics", views.request_ics, name="request-ics"),
]

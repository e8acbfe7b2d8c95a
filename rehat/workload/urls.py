from django.urls import path

from rehat.workload import views

app_name = "workload"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("unit/<str:code>/", views.unit_detail, name="unit-detail"),
    path("unit/<str:code>/jabatan/baru/", views.position_create, name="position-create"),
    path("jabatan/<uuid:code>/", views.position_detail, name="position-detail"),
    path("jabatan/<uuid:code>/simulasi/", views.position_what_if, name="position-what-if"),
    path("jabatan/<uuid:code>/ubah/", views.position_edit, name="position-edit"),
    path("jabatan/<uuid:code>/hapus/", views.position_delete, name="position-delete"),
    path("pengaturan/", views.policy_edit, name="policy"),
    path("impor/", views.import_start, name="import-start"),
    path("impor/templat.xlsx", views.import_template, name="import-template"),
    path("impor/templat-formulir.xlsx", views.import_form_template, name="import-form-template"),
    path("impor/<uuid:code>/", views.import_review, name="import-review"),
    path("impor/<uuid:code>/terapkan/", views.import_apply, name="import-apply"),
    path("ekspor/form-d.xlsx", views.export_form_d, name="export-form-d"),
    path("ekspor/data.csv", views.export_csv, name="export-csv"),
]

from django.urls import path

from rehat.organizations.views import directory, imports

app_name = "organizations"

urlpatterns = [
    path("unit/", directory.unit_list, name="unit-list"),
    path("unit/<str:code>/", directory.unit_detail, name="unit-detail"),
    path("pegawai/", directory.employee_list, name="employee-list"),
    path("pegawai/<uuid:code>/", directory.employee_detail, name="employee-detail"),
    path("pegawai/<uuid:code>/peran/", directory.employee_roles, name="employee-roles"),
    path("impor/<str:kind>/", imports.import_start, name="import-start"),
    path("impor/<str:kind>/templat.<str:fmt>", imports.import_template, name="import-template"),
    path("impor/hasil/<uuid:code>/", imports.import_review, name="import-review"),
    path("impor/hasil/<uuid:code>/terapkan/", imports.import_apply, name="import-apply"),
]

from django.urls import path

from rehat.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("sdm/", views.hr_dashboard, name="hr"),
    path("sdm/iklim/", views.climate_open, name="climate-open"),
    path("unit/<str:code>/", views.unit_dashboard, name="unit"),
    path("unit/<str:code>/rencana/", views.plan_create, name="plan-create"),
    path("kami-mendengar/", views.plans_for_me, name="plans"),
    path("kami-mendengar/<uuid:code>/membantu/", views.plan_helpful, name="plan-helpful"),
    path("rilis.csv", views.csv_export, name="csv"),
    path("laporan/", views.reports, name="reports"),
    path("laporan/<uuid:code>/", views.report_detail, name="report"),
    path("laporan/<uuid:code>/unduh/", views.report_download, name="report-download"),
]

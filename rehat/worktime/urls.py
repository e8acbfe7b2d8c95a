from django.urls import path

from rehat.worktime import views

app_name = "worktime"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("unggah/", views.report_upload, name="report-upload"),
    path("jejak-saya/", views.footprint, name="footprint"),
    path("<uuid:code>/", views.report_detail, name="report-detail"),
    path("<uuid:code>/pimpinan/", views.report_leaders, name="report-leaders"),
    path("<uuid:code>/saya/", views.report_me, name="report-me"),
    path("<uuid:code>/grafik/<str:chart>.svg", views.report_chart, name="report-chart"),
    path("<uuid:code>/unduh.csv", views.report_csv, name="report-csv"),
]

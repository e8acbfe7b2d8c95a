from django.urls import path

from rehat.lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="lesson-list"),
    path("sdm/kemajuan/", views.progress, name="progress"),
    path("<slug:slug>/", views.lesson_detail, name="lesson-detail"),
    path("<slug:slug>/selesai/", views.lesson_complete, name="lesson-complete"),
    path("<slug:slug>/refleksi/hapus/", views.reflection_delete, name="reflection-delete"),
]

"""Partner pages, next to the accounts app's manager pages under /org/<slug>/."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("org/<slug:slug>/staff/", views.staff, name="staff"),
    path("org/<slug:slug>/records.csv", views.records_csv, name="records_csv"),
    path("org/<slug:slug>/certificates/", views.certificates, name="certificates"),
    path(
        "org/<slug:slug>/certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("org/<slug:slug>/certificates.zip", views.certificates_zip, name="certificates_zip"),
    path("org/<slug:slug>/exports/", views.request_export, name="request_export"),
    path("org/<slug:slug>/exports/<str:code>/", views.export, name="export"),
    path(
        "org/<slug:slug>/exports/<str:code>/download/",
        views.export_download,
        name="export_download",
    ),
    path("org/<slug:slug>/coalition/", views.coalition_page, name="coalition"),
    path("org/<slug:slug>/coalition.csv", views.coalition_csv, name="coalition_csv"),
]

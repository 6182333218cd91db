from django.urls import path

from . import statement_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("my-learning/certificates/", views.my_certificates, name="mine"),
    path("my-learning/certificates/name/", views.save_name, name="save_name"),
    path("my-learning/completed/<str:code>/", views.completed, name="completed"),
    path("certificates/<str:code>/download/", views.download, name="download"),
    path(
        "certificates/<str:code>/correction/", views.request_correction, name="request_correction"
    ),
    path("certificates/<str:code>/renew/", views.renew, name="renew"),
    path(
        "my-learning/sessions/<str:code>/statement/",
        statement_views.get_statement,
        name="statement_get",
    ),
    path(
        "statements/<str:code>/download/",
        statement_views.download_statement,
        name="statement_download",
    ),
    path(
        "my-learning/certificates/waiting/<str:code>/ask-again/", views.ask_again, name="ask_again"
    ),
]

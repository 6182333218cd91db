"""The privacy page and a person's own data (download, delete)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy, name="page"),
    path("account/data/", views.your_data, name="your_data"),
    path("account/data/download/", views.download, name="download"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("account/deleted/", views.account_deleted, name="account_deleted"),
]

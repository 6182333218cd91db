"""Course URLs outside the page tree. Enrol, complete and reflect are routes on the pages."""

from django.urls import path

from .views import dashboard

app_name = "courses"

urlpatterns = [
    path("my-learning/", dashboard.my_learning, name="my_learning"),
]

from django.urls import path

from . import views

app_name = "transcripts"

urlpatterns = [
    path("my-hours/", views.my_hours, name="my_hours"),
    path("my-hours/tracks/", views.choose_tracks, name="choose_tracks"),
]

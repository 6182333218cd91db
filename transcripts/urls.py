from django.urls import path

from . import views

app_name = "transcripts"

urlpatterns = [
    path("my-hours/", views.my_hours, name="my_hours"),
    path("my-hours/tracks/", views.choose_tracks, name="choose_tracks"),
    path("my-hours/transcript/", views.issue, name="issue"),
    path("my-hours/transcripts/<str:code>/download/", views.download, name="download"),
    path(
        "org/<slug:slug>/members/<str:code>/transcript/",
        views.member_transcript,
        name="member_transcript",
    ),
    # Before certificates' verify/<code>/ (lms/urls.py): two segments, so never taken for one.
    path("verify/transcript/<str:code>/", views.verify, name="verify"),
]

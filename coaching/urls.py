from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("coaching/practice/<str:code>/", views.practice, name="practice"),
    path("coaching/practice/<str:code>/save/", views.save_practice, name="save"),
    path("coaching/submissions/<str:code>/", views.submission, name="submission"),
    path("coaching/", views.queue, name="queue"),
    path("coaching/<str:code>/rate/", views.rate, name="rate"),
    path("coaching/<str:code>/ratings/", views.save_rating, name="save_rating"),
]

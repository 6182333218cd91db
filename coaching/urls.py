from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("practice/<str:code>/", views.practice, name="practice"),
    path("practice/<str:code>/save/", views.save_practice, name="save"),
    path("practice/submissions/<str:code>/", views.submission, name="submission"),
    path("coaching/", views.queue, name="queue"),
    path("coaching/<str:code>/rate/", views.rate, name="rate"),
    path("coaching/<str:code>/ratings/", views.save_rating, name="save_rating"),
]

from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.session_list, name="list"),
    path("trainings/<str:code>/", views.session_detail, name="detail"),
    path("trainings/<str:code>/register/", views.register, name="register"),
    path("trainings/<str:code>/cancel/", views.cancel, name="cancel"),
]

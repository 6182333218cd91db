from django.urls import path

from . import closing_views, views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.session_list, name="list"),
    path("trainings/<str:code>/", views.session_detail, name="detail"),
    path("trainings/<str:code>/register/", views.register, name="register"),
    path("trainings/<str:code>/cancel/", views.cancel, name="cancel"),
    path("trainings/<str:code>/close/", closing_views.close, name="close"),
    path("trainings/<str:code>/marks/", closing_views.save_marks, name="marks"),
    path("trainings/<str:code>/corrections/", closing_views.correct, name="correct"),
]

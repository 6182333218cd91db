from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("practice/observe/", views.enter_code, name="enter_code"),
    path("practice/observe/<str:token>/", views.observe, name="observe"),
    path(
        "practice/sessions/<str:code>/observe/",
        views.observe_at_session,
        name="observe_at_session",
    ),
    path("practice/observations/<str:code>/", views.observation_page, name="observation"),
    path("practice/<str:code>/", views.checklist_page, name="checklist"),
    path("practice/<str:code>/code/", views.new_show_code, name="new_code"),
]

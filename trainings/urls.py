from django.urls import path

from . import (
    checkin_views,
    closing_views,
    community_views,
    report_views,
    roster_views,
    scheduling_views,
    views,
)

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.session_list, name="list"),
    # Before the session pages: "check-in" and "claim" are not session codes.
    path("trainings/check-in/", checkin_views.check_in_by_code, name="check_in_by_code"),
    path("trainings/claim/", checkin_views.claim, name="claim"),
    # Facilitators' and managers' pages: before <code>/, which would take "mine" as a code.
    path("trainings/mine/", scheduling_views.sessions_i_run, name="mine"),
    path("trainings/mine/new/", scheduling_views.new_session, name="new_session"),
    path("trainings/mine/sheet/", community_views.new_sheet, name="new_sheet"),
    path("trainings/<str:code>/claim-codes/", community_views.claim_codes, name="claim_codes"),
    path("trainings/<str:code>/roster.csv", report_views.roster_csv, name="roster_csv"),
    path("trainings/<str:code>/edit/", scheduling_views.edit_session, name="edit_session"),
    path("trainings/<str:code>/", views.session_detail, name="detail"),
    path("trainings/<str:code>/register/", views.register, name="register"),
    path("trainings/<str:code>/cancel/", views.cancel, name="cancel"),
    path("trainings/<str:code>/close/", closing_views.close, name="close"),
    path("trainings/<str:code>/marks/", closing_views.save_marks, name="marks"),
    path("trainings/<str:code>/corrections/", closing_views.correct, name="correct"),
    path("trainings/<str:code>/roster/", roster_views.roster, name="roster"),
    path("trainings/<str:code>/roster/door/", roster_views.door_screen, name="door"),
    path(
        "trainings/<str:code>/roster/check-in/",
        roster_views.roster_check_in,
        name="roster_check_in",
    ),
    path(
        "trainings/<str:code>/roster/check-out/",
        roster_views.roster_check_out,
        name="roster_check_out",
    ),
    path(
        "trainings/<str:code>/roster/back-in/",
        roster_views.roster_back_in,
        name="roster_back_in",
    ),
    path("trainings/<str:code>/roster/walk-in/", roster_views.walk_in, name="walk_in"),
    path(
        "trainings/<str:code>/roster/cards/<str:attendance>/",
        roster_views.claim_card,
        name="claim_card",
    ),
    path(
        "trainings/<str:code>/here/<str:stamp>/",
        checkin_views.door_check_in,
        name="door_check_in",
    ),
    # Next to the organization's manager pages under /org/<slug>/.
    path("org/<slug:slug>/trainings/", report_views.organization_report, name="report"),
    path("org/<slug:slug>/trainings.csv", report_views.organization_report_csv, name="report_csv"),
]

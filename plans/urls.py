"""Training-plan pages, next to the other manager pages under /org/<slug>/."""

from django.urls import path

from . import records_views, template_views, views

app_name = "plans"

urlpatterns = [
    path("org/<slug:slug>/plans/", views.plan_list, name="list"),
    path("org/<slug:slug>/plans/new/", views.plan_new, name="new"),
    path("org/<slug:slug>/plans/summary/", views.summary_subscription, name="summary"),
    # Before plans/<code>/: "from-template" is no plan's code.
    path("org/<slug:slug>/plans/from-template/", template_views.copy_list, name="copy_list"),
    path("org/<slug:slug>/plans/from-template/<str:code>/", template_views.copy, name="copy"),
    path("org/<slug:slug>/plans/<str:code>/", views.plan_compliance, name="compliance"),
    path("org/<slug:slug>/plans/<str:code>/edit/", views.plan_edit, name="edit"),
    path(
        "org/<slug:slug>/plans/<str:code>/compliance.csv",
        views.compliance_csv,
        name="compliance_csv",
    ),
    path(
        "org/<slug:slug>/plans/<str:code>/compliance.xlsx",
        views.compliance_xlsx,
        name="compliance_xlsx",
    ),
    path("org/<slug:slug>/plan-templates/", template_views.template_list, name="templates"),
    path("org/<slug:slug>/plan-templates/new/", template_views.template_new, name="template_new"),
    path(
        "org/<slug:slug>/plan-templates/<str:code>/",
        template_views.template_edit,
        name="template_edit",
    ),
    path(
        "org/<slug:slug>/plan-templates/<str:code>/delete/",
        template_views.template_delete,
        name="template_delete",
    ),
    path("org/<slug:slug>/records/", records_views.records, name="records"),
    path("org/<slug:slug>/records/retention/", records_views.set_retention, name="set_retention"),
    path("org/<slug:slug>/records/audit.zip", records_views.audit_zip, name="audit_zip"),
    path("org/<slug:slug>/tags/", views.tag_list, name="tags"),
    path("org/<slug:slug>/tags/<str:code>/", views.tag_detail, name="tag"),
    path("org/<slug:slug>/tags/<str:code>/delete/", views.tag_delete, name="tag_delete"),
]

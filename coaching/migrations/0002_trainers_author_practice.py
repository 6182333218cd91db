"""Trainers and site admins author practice sets and coaching terms in the CMS (add, change, view).

Nobody deletes them there: a practice set is closed instead, so its submissions stay on
record.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Trainers", "Site admins"]
CODENAMES = [
    f"{action}_{model}"
    for action in ("add", "change", "view")
    for model in ("practiceset", "coursecoaching")
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("coaching")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="coaching", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="coaching", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_practice_sets_submissions_reviews"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

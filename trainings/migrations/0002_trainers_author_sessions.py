"""Trainers and site admins schedule live sessions in the CMS (add, change, view).

Nobody deletes a session there: a session people registered for is cancelled instead, so its
registrations (and, later, attendance) stay on record.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Trainers", "Site admins"]
CODENAMES = ["add_trainingsession", "change_trainingsession", "view_trainingsession"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("trainings")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="trainings", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="trainings", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

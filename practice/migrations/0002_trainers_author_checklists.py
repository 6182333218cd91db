"""Trainers and site admins write skills checklists in the CMS (add, change, view).

Nobody deletes one there once it exists: observations refer to it (the database refuses), and
a checklist that should no longer count is unticked "required" instead.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Trainers", "Site admins"]
CODENAMES = ["add_skillschecklist", "change_skillschecklist", "view_skillschecklist"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("practice")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="practice", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="practice", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_skills_checklists_and_observations"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

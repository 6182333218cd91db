"""Site admins manage approvals, certificate settings and per-course certificate settings.

Issued certificates and name corrections need no Django permission: the admin shows them to
site staff only and never edits them (see certificates/wagtail_hooks.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_ADMINS = "Site admins"
CODENAMES = [
    "add_approval",
    "change_approval",
    "delete_approval",
    "view_approval",
    "change_certificatesettings",
    "add_coursecertificatesettings",
    "change_coursecertificatesettings",
    "delete_coursecertificatesettings",
    "view_coursecertificatesettings",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=SITE_ADMINS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="certificates", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SITE_ADMINS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="certificates", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

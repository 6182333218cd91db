"""Site admins may view certificates and name corrections.

Wagtail's site history report shows a log entry only to people with some permission on the
logged model. The admin screens keep using ``StaffReadOnlyPolicy``; this permission only lets
site admins read the audit trail of issues, corrections, revocations and downloads there.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_ADMINS = "Site admins"
CODENAMES = ["view_certificate", "view_namecorrectionrequest"]


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
    dependencies = [("certificates", "0002_site_admin_permissions")]

    operations = [migrations.RunPython(grant, revoke)]

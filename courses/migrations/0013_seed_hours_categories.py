"""The hours categories the seeded credential tracks need, and site admins may edit them.

Idempotent: a category already there (any case) is left as it is.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models.functions import Lower

SITE_ADMINS = "Site admins"
CODENAMES = [
    "add_hourscategory",
    "change_hourscategory",
    "delete_hourscategory",
    "view_hourscategory",
]
CATEGORIES = [
    ("Ethics", "Professional ethics, boundaries and confidentiality."),
    ("Law and ethics", "Laws that govern the work, together with ethics."),
    ("HIV/hepatitis", "HIV, hepatitis and other bloodborne infections."),
    ("Harm reduction", "Harm-reduction principles and practice, including overdose response."),
    (
        "Cultural responsiveness",
        "Diversity, inclusion, culture, equity, and LGBTQIA2+ topics.",
    ),
    ("Recovery/peer support", "Peer support, recovery coaching, mentoring and advocacy."),
    ("Medication-supported recovery", "Medications for substance use disorders and recovery."),
]


def seed(apps, schema_editor):
    HoursCategory = apps.get_model("courses", "HoursCategory")
    existing = set(
        HoursCategory.objects.annotate(lower=Lower("name")).values_list("lower", flat=True)
    )
    for name, description in CATEGORIES:
        if name.lower() not in existing:
            HoursCategory.objects.create(name=name, description=description)

    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=SITE_ADMINS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0012_contact_hours_by_category"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Three credential tracks from the domain brief (§1.1), each with its source, and site
admins may edit tracks.

Idempotent: a track that already exists (by name) is left as staff last edited it. The figures
are the brief's reading of each board's page; where the rule has more to it than the fields
hold, the track's note says so and sends the learner to their board.
"""

from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_ADMINS = "Site admins"
CODENAMES = [
    "add_credentialtrack",
    "change_credentialtrack",
    "delete_credentialtrack",
    "view_credentialtrack",
]

TRACKS = [
    {
        "name": "California Medi-Cal Peer Support Specialist renewal (CalMHSA)",
        "issuing_board": "CalMHSA (California Mental Health Services Authority)",
        "period_months": 24,
        "total_hours": Decimal("20"),
        "requires_ce_approval": False,
        "approved_hours_minimum": None,
        "approving_body": "",
        "source_url": (
            "https://www.capeercertification.org/"
            "certification-renewal-continued-education-requirements/"
        ),
        "check_note": (
            "This page counts the 20 hours and the 6 hours of law and ethics. It does not know "
            "which training providers CalMHSA accepts for renewal, so ask your board before you "
            "rely on a course."
        ),
        "minimums": [("Law and ethics", Decimal("6"))],
    },
    {
        "name": "CCAPP counselor renewal (CADC and other CCAPP credentials)",
        "issuing_board": "CCAPP (California Consortium of Addiction Programs and Professionals)",
        "period_months": 24,
        "total_hours": Decimal("50"),
        "requires_ce_approval": False,
        "approved_hours_minimum": Decimal("40"),
        "approving_body": "CCAPP",
        "source_url": "https://ccappcredentialing.org/renew-a-credential",
        "check_note": (
            "CCAPP counts the 3 hours on diversity, inclusion, culture, equity or LGBTQIA2+ "
            "topics as part of the 9 ethics hours; here they have their own line. At most 10 "
            "hours may be professional development, and the same course counts only once. "
            "Check the current rule with CCAPP."
        ),
        "minimums": [("Ethics", Decimal("9")), ("Cultural responsiveness", Decimal("3"))],
    },
    {
        "name": "New York Certified Recovery Peer Advocate (CRPA), first credential",
        "issuing_board": "New York Certification Board (InUnity Alliance)",
        "period_months": None,
        "total_hours": Decimal("50"),
        "requires_ce_approval": True,
        "approved_hours_minimum": None,
        "approving_body": "NYCB",
        "source_url": "https://for-ny.org/recovery-coach-academy",
        "check_note": (
            "The usual path is 30 hours of Recovery Coach Academy, 16 of peer ethics and 4 of "
            "medication-supported recovery; the board also accepts other NYCB-approved training "
            "across its domains. The 500 hours of experience, 25 hours of supervision and the "
            "exam are not counted here. Check with the board which path fits you."
        ),
        "minimums": [
            ("Recovery/peer support", Decimal("30")),
            ("Ethics", Decimal("16")),
            ("Medication-supported recovery", Decimal("4")),
        ],
    },
]


def seed(apps, schema_editor):
    CredentialTrack = apps.get_model("transcripts", "CredentialTrack")
    TrackCategoryMinimum = apps.get_model("transcripts", "TrackCategoryMinimum")
    HoursCategory = apps.get_model("courses", "HoursCategory")
    for values in TRACKS:
        values = dict(values)
        minimums = values.pop("minimums")
        track, created = CredentialTrack.objects.get_or_create(
            name=values.pop("name"), defaults=values
        )
        if not created:
            continue
        for position, (category_name, hours) in enumerate(minimums):
            category = HoursCategory.objects.get(name__iexact=category_name)
            TrackCategoryMinimum.objects.create(
                track=track, category=category, minimum_hours=hours, sort_order=position
            )

    app_config = apps.get_app_config("transcripts")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=SITE_ADMINS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="transcripts", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0001_credential_tracks"),
        ("courses", "0013_seed_hours_categories"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Demo data for local development: a coalition, two member organizations and one account per role.

With the curriculum loaded (``make demo`` loads it first), the organizations also get learners
who completed courses this quarter (``lms.demo_activity``), so the staff, certificates and
coalition pages show real figures, some above the small-cell threshold; and the demo trainer
coaches the motivational-interviewing course, with the demo learner's practice set waiting in
their queue (``lms.demo_coaching``).

Idempotent: organizations, people, memberships and completions are created once. The demo passwords are
random and are reset on every run so they can be printed; the command refuses to run unless
DEBUG is on, so it can never touch a production database.
"""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from accounts.models import Membership, Organization
from lms.demo_activity import add_demo_activity
from lms.demo_coaching import add_demo_coaching

COALITION = ("demo-coalition", "River Valley Harm Reduction Coalition", Organization.Kind.COALITION)
MEMBER_ORGANIZATIONS = [
    ("riverside-ssp", "Riverside Syringe Services", Organization.Kind.COMMUNITY_ORGANIZATION),
    ("county-health", "Valley County Health Department", Organization.Kind.HEALTH_DEPARTMENT),
]
# (email, display name, site role group or None, organization slug, organization role)
DEMO_PEOPLE = [
    (
        "learner@example.org",
        "Sam (learner)",
        roles.LEARNERS,
        "riverside-ssp",
        Membership.Role.MEMBER,
    ),
    (
        "manager@example.org",
        "Alex (manager)",
        roles.LEARNERS,
        "riverside-ssp",
        Membership.Role.MANAGER,
    ),
    (
        "health-manager@example.org",
        "Jordan (manager)",
        roles.LEARNERS,
        "county-health",
        Membership.Role.MANAGER,
    ),
    (
        "coalition@example.org",
        "Robin (coalition lead)",
        roles.LEARNERS,
        "demo-coalition",
        Membership.Role.MANAGER,
    ),
    ("trainer@example.org", "Casey (trainer)", roles.TRAINERS, None, None),
    ("reviewer@example.org", "Morgan (reviewer)", roles.REVIEWERS, None, None),
    ("admin@example.org", "Taylor (site admin)", roles.SITE_ADMINS, None, None),
]


class Command(BaseCommand):
    help = "Create demo organizations and accounts (development only); prints the passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (DEBUG is off).")
        with transaction.atomic():
            created_orgs = self.create_organizations()
            rows = [self.create_person(*person) for person in DEMO_PEOPLE]
        self.stdout.write(
            f"Organizations: {created_orgs} created, "
            f"{1 + len(MEMBER_ORGANIZATIONS) - created_orgs} already there."
        )
        activity = add_demo_activity()
        if activity["courses"]:
            self.stdout.write(
                f"Training records: {activity['learners']} learners, "
                f"{activity['completions']} completions and {activity['certificates']} "
                f"certificates made (in {activity['courses']} courses); "
                "the ones made before were kept."
            )
        else:
            self.stdout.write("No courses yet: run load_curriculum for demo training records.")
        self.report_coaching(add_demo_coaching())
        self.stdout.write("Demo accounts (passwords are new on every run):")
        for email, password, label in rows:
            self.stdout.write(f"  {label:<22} {email:<28} {password}")

    def report_coaching(self, coaching) -> None:
        if not coaching.ready:
            self.stdout.write(
                "No coached practice yet: run load_curriculum and load_practice_sets for it."
            )
            return
        assignment = "now coaches" if coaching.assigned else "already coaches"
        practice = (
            "one practice set was submitted for them to rate"
            if coaching.submitted
            else "the demo learner's practice was there already"
        )
        self.stdout.write(
            f"Coaching: {coaching.coach} {assignment} “{coaching.course}”; {practice}."
        )

    def create_organizations(self) -> int:
        created = 0
        coalition, was_created = Organization.objects.get_or_create(
            slug=COALITION[0], defaults={"name": COALITION[1], "kind": COALITION[2]}
        )
        created += was_created
        for slug, name, kind in MEMBER_ORGANIZATIONS:
            organization, was_created = Organization.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": kind}
            )
            organization.coalitions.add(coalition)
            created += was_created
        return created

    def create_person(self, email, display_name, group_name, org_slug, org_role):
        user, _ = get_user_model().objects.get_or_create(
            email=email, defaults={"display_name": display_name}
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_staff = group_name == roles.SITE_ADMINS
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if org_slug:
            Membership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(slug=org_slug),
                defaults={"role": org_role, "records_shared_at": user.date_joined},
            )
        return email, password, display_name

"""The benchmark's data set: made fast, refused twice, reset on request."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import Membership, Organization, User
from certificates.models import Certificate
from courses.models import Attempt, CoursePage, Enrollment
from tests.conftest import PASSWORD, sign_in_with_mfa

pytestmark = pytest.mark.django_db


def make(capsys, *extra):
    call_command("make_scale_data", "--learners", "40", "--orgs", "3", "--force", *extra)
    return capsys.readouterr().out


def test_it_makes_a_coalition_of_organizations_with_learners_courses_and_certificates(
    capsys, client
):
    out = make(capsys)

    coalition = Organization.objects.get(slug="scale-coalition")
    assert coalition.member_organizations.count() == 3
    assert User.objects.filter(email__startswith="learner-").count() == 40
    assert CoursePage.objects.filter(slug__startswith="scale-").count() == 4
    assert Enrollment.objects.exists()
    assert Attempt.objects.filter(quiz__kind="pre_test").exists()
    certificate = Certificate.objects.first()
    with certificate.pdf.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert (
        Certificate.objects.count() == Enrollment.objects.filter(completed_at__isnull=False).count()
    )
    assert "Done in" in out
    manager = Membership.objects.get(
        organization__slug="scale-org-001", role=Membership.Role.MANAGER
    ).user
    # Scale accounts have no password; this one gets one to sign in as its manager would.
    manager.set_password(PASSWORD)
    manager.save()
    EmailAddress.objects.update_or_create(
        user=manager, email=manager.email, defaults={"verified": True, "primary": True}
    )
    sign_in_with_mfa(client, manager)
    assert client.get(reverse("partners:staff", args=["scale-org-001"])).status_code == 200


def test_a_second_run_is_refused_unless_reset(capsys):
    make(capsys)

    with pytest.raises(CommandError, match="--reset"):
        make(capsys)
    out = make(capsys, "--reset")

    assert "Deleted the scale data" in out
    assert User.objects.filter(email__startswith="learner-").count() == 40
    assert Organization.objects.filter(slug__startswith="scale-").count() == 4


@override_settings(DEBUG=False)
def test_it_refuses_to_run_without_debug_unless_forced():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("make_scale_data", "--learners", "5", "--orgs", "1")


def test_the_same_seed_makes_the_same_people(capsys):
    make(capsys)

    def people():
        # By address: PostgreSQL returns rows in no set order, least of all after a reset.
        learners = User.objects.filter(email__startswith="learner-").order_by("email")
        return list(learners.values_list("email", "last_name"))

    first = people()
    make(capsys, "--reset")

    assert people() == first

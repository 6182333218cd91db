import pytest
from django.urls import reverse

from tests.certificates.conftest import LEARNER_NAME, complete, issue, make_course

pytestmark = pytest.mark.django_db


def test_my_learning_shows_the_learners_certificates(client, learner):
    learner.certificate_name = LEARNER_NAME
    learner.save()
    certificate = issue(learner, make_course("Naloxone basics"))
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "Naloxone basics" in page
    assert certificate.display_code in page
    assert reverse("certificates:mine") in page


def test_my_learning_asks_for_the_certificate_name_when_it_is_missing(client, learner):
    complete(learner, make_course("Naloxone basics"))
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "One certificate is waiting for you." in page
    assert "please tell us the name to print on your certificates" in page


def test_my_learning_says_where_certificates_will_appear(client, learner):
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "When you finish a course, its certificate will appear here." in page


def test_signing_in_lands_on_my_learning(client, learner):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})

    assert response["Location"] == reverse("my_learning")


def test_my_learning_lists_what_the_learners_organizations_assign_overdue_first(
    client, learner, organization, other_organization
):
    import datetime

    from django.utils import timezone

    from plans.models import PlanItem, TrainingPlan
    from tests.conftest import make_member

    make_member(learner, organization)
    make_member(learner, other_organization)
    today = timezone.localdate()
    soon = make_course("Naloxone basics")
    late = make_course("Anti-stigma practice")
    theirs = make_course("Seeking Safety overview")
    for org, course, due, name in [
        (organization, soon, today + datetime.timedelta(days=12), "Outreach"),
        (other_organization, late, today - datetime.timedelta(days=3), "County"),
    ]:
        plan = TrainingPlan.objects.create(organization=org, name=name)
        PlanItem.objects.create(plan=plan, course=course, due_on=due)
    # A plan for someone else (named members) and a paused plan do not show.
    named = TrainingPlan.objects.create(organization=organization, name="Named", assign_to="people")
    PlanItem.objects.create(plan=named, course=theirs, due_on=today)
    paused = TrainingPlan.objects.create(organization=organization, name="Paused", active=False)
    PlanItem.objects.create(plan=paused, course=theirs, due_on=today)
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    section = page[page.index("Assigned to you") : page.index("In progress")]
    late_day = (today - datetime.timedelta(days=3)).strftime("%-d %b")
    soon_day = (today + datetime.timedelta(days=12)).strftime("%-d %b")
    assert (
        f"Assigned by Valley County Health Department — overdue: it was due {late_day}" in section
    )
    assert f"Assigned by Riverside Syringe Services — due {soon_day}" in section
    assert section.index("Anti-stigma practice") < section.index("Naloxone basics")
    assert "Seeking Safety overview" not in section


def test_my_learning_shows_no_assignments_without_plans(client, learner):
    client.force_login(learner)

    assert "Assigned to you" not in client.get(reverse("my_learning")).content.decode()

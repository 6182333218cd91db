"""The monthly summary email for managers who ask for it: per active plan, counts of done, in
progress, not started and overdue courses among sharing members, the number who do not share,
and a link to the compliance page; in the manager's language; once a month, however often the
daily job runs; nobody named in it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from plans.models import SummarySent, SummarySubscription
from plans.tasks import send_plan_summaries_task
from tests.conftest import make_member, make_user, sign_in_with_mfa

from .conftest import certify, enrol, make_plan, person

pytestmark = pytest.mark.django_db


def run(day: str) -> str:
    out = StringIO()
    call_command("send_plan_summaries", "--date", day, stdout=out)
    return out.getvalue()


@pytest.fixture
def staff(organization, naloxone, anti_stigma):
    """Four members of a plan of two courses due 31 January 2027, and one who does not share."""
    joined = timezone.make_aware(datetime.datetime(2027, 1, 1, 12))
    people = {
        "done": person("ana@example.org", organization, first="Ana", last="Diaz"),
        "started": person("bo@example.org", organization, first="Bo", last="Chen"),
        "idle": person("cy@example.org", organization, first="Cy", last="Ode"),
        "private": person("dee@example.org", organization, shares=False, first="Dee", last="Kay"),
    }
    Membership.objects.filter(organization=organization).update(joined_at=joined)
    certify(people["done"], naloxone, completed_at=joined + datetime.timedelta(days=3))
    certify(people["done"], anti_stigma, completed_at=joined + datetime.timedelta(days=4))
    enrol(people["started"], naloxone)
    make_plan(organization, [naloxone, anti_stigma], name="New staff", due_within_days=30)
    make_plan(organization, [naloxone], name="Paused plan", active=False)
    return people


def subscribe(client, manager, organization, on=True):
    sign_in_with_mfa(client, manager)
    data = {"monthly_summary": "on"} if on else {}
    return client.post(reverse("plans:summary", args=[organization.slug]), data, follow=True)


def test_a_manager_opts_in_on_the_plans_page_and_gets_one_summary_a_month(
    client, organization, manager, staff
):
    page = subscribe(client, manager, organization).content.decode()
    assert "You will get a summary of these plans by email each month." in page
    assert 'name="monthly_summary" id="monthly-summary" value="on" checked' in page

    assert "Monthly plan summaries sent: 1." in run("2027-02-03")
    assert "Monthly plan summaries sent: 0." in run("2027-02-03")  # safe to run twice
    assert "Monthly plan summaries sent: 0." in run("2027-02-20")  # once a month

    [message] = mail.outbox
    assert message.to == [manager.email]
    assert (
        message.subject == "Training plans at Riverside Syringe Services: summary for February 2027"
    )
    body = message.body
    assert "New staff" in body and "Paused plan" not in body
    assert "5 members assigned" in body  # the manager is a member too (plan for everyone)
    # Two courses each for the four who share: after 31 January all but Ana's two are overdue.
    for line in [
        "- Done: 2",
        "- In progress: 0",
        "- Not started: 0",
        "- Overdue: 6",
        "- 1 member does not share their records",
    ]:
        assert line in body, line
    plan = organization.training_plans.get(name="New staff")
    assert f"https://opendoor.test/org/riverside/plans/{plan.code}/" in body
    for name in ("Ana", "Diaz", "Bo", "Chen", "Cy", "Dee", "Kay", "@example.org"):
        assert name not in body, name

    assert "Monthly plan summaries sent: 1." in run("2027-03-01")  # the next month's
    assert len(mail.outbox) == 2


def test_counts_before_the_due_date(organization, manager, staff):
    SummarySubscription.objects.create(membership=manager.memberships.get())

    run("2027-01-10")

    body = mail.outbox[0].body
    for line in ["- Done: 2", "- In progress: 1", "- Not started: 5", "- Overdue: 0"]:
        assert line in body, line


def test_the_summary_is_in_the_managers_language(organization, staff):
    spanish = make_user("gerente@example.org", display_name="Lucía", language="es")
    make_member(spanish, organization, Membership.Role.MANAGER)
    SummarySubscription.objects.create(membership=spanish.memberships.get())

    send_plan_summaries_task.call()

    [message] = mail.outbox
    assert message.to == ["gerente@example.org"]
    assert message.subject.startswith(
        "Planes de capacitación de Riverside Syringe Services: resumen de "
    )
    assert "Hola, Lucía:" in message.body
    assert "- Hecho: 2" in message.body
    assert "1 miembro no comparte sus registros" in message.body
    assert "https://opendoor.test/es/org/riverside/plans/" in message.body


def test_opting_out_stops_it_and_only_managers_get_it(client, organization, manager, member, staff):
    subscribe(client, manager, organization)
    page = subscribe(client, manager, organization, on=False).content.decode()
    assert "You will not get the monthly summary email." in page
    # A manager who subscribed and then became a plain member gets nothing either.
    demoted = make_user("former@example.org")
    former = make_member(demoted, organization, Membership.Role.MANAGER)
    SummarySubscription.objects.create(membership=former)
    former.role = Membership.Role.MEMBER
    former.save(update_fields=["role"])

    assert "Monthly plan summaries sent: 0." in run("2027-02-03")
    assert mail.outbox == []
    assert not SummarySent.objects.exists()


def test_the_opt_in_is_post_only_and_for_this_organizations_managers(
    client, organization, manager, member, other_manager
):
    url = reverse("plans:summary", args=[organization.slug])
    client.force_login(member)
    assert client.post(url, {"monthly_summary": "on"}).status_code == 403
    sign_in_with_mfa(client, other_manager)
    assert client.post(url, {"monthly_summary": "on"}).status_code == 404
    sign_in_with_mfa(client, manager)
    assert client.get(url).status_code == 405
    assert not SummarySubscription.objects.exists()

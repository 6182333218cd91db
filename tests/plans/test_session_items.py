"""A plan item for one particular live session: a manager picks it among the sessions their
members may all see; it is done once the member's current record at that session, after the
session closed, earns credit; until then it is due and then overdue like a course."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.choices import PartialCredit
from plans.models import PlanItem, TrainingPlan
from plans.services import Status, item_status
from tests.certificates.conftest import make_course
from tests.conftest import sign_in_with_mfa
from tests.trainings.conftest import make_session
from trainings.models import Attendance, TrainingSession

from .conftest import joined, make_plan, person
from .test_compliance import crowd, url
from .test_manager_pages import plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, manager):
    return sign_in_with_mfa(client, manager)


@pytest.fixture
def worker(organization):
    return person("worker@example.org", organization, first="Jo", last="Reyes")


def past_session(organization, title="Overdose response drill", **fields):
    start = (timezone.now() - datetime.timedelta(days=3)).replace(microsecond=0)
    return make_session(
        organization,
        title=title,
        start=start,
        registration_opens=start - datetime.timedelta(days=5),
        **fields,
    )


def close(session):
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CLOSED)


def mark(person_, session, mark_, minutes=None):
    return Attendance.objects.create(
        session=session,
        person=person_,
        method=Attendance.Method.FACILITATOR,
        mark=mark_,
        minutes_attended=minutes,
    )


def session_plan(organization, session, **rule) -> PlanItem:
    plan = make_plan(organization, [], **rule)
    return PlanItem.objects.create(
        plan=plan,
        session=session,
        due_on=plan_rule(rule, "due_on"),
        due_within_days=plan_rule(rule, "due_within_days", 30),
    )


def plan_rule(rule, name, default=None):
    if "due_on" in rule or "due_within_days" in rule:
        return rule.get(name)
    return default


def test_a_manager_adds_a_session_of_their_own_or_a_public_one(
    signed_in, organization, other_organization
):
    own = past_session(organization, title="Riverside drill", invitation_only=True)
    public = past_session(other_organization, title="Valley open training")
    hidden = past_session(other_organization, title="Valley staff only", invitation_only=True)
    new_url = reverse("plans:new", args=[organization.slug])

    page = BeautifulSoup(signed_in.get(new_url).content, "html.parser").get_text(" ")
    assert "Riverside drill" in page and "Valley open training" in page
    assert "Valley staff only" not in page

    response = signed_in.post(new_url, plan_data([], sessions=[own.pk, public.pk]))

    assert response.status_code == 302
    plan = TrainingPlan.objects.get()
    assert {item.session for item in plan.items.all()} == {own, public}
    listed = signed_in.get(reverse("plans:list", args=[organization.slug])).content.decode()
    assert "Riverside drill" in listed and "Valley open training" in listed

    refused = signed_in.post(new_url, plan_data([], name="Sneaky", sessions=[hidden.pk]))

    assert refused.status_code == 200
    assert "sessions" in refused.context["form"].errors
    assert TrainingPlan.objects.count() == 1


def test_editing_a_plan_keeps_its_sessions_and_its_courses(signed_in, organization, naloxone):
    session = past_session(organization)
    signed_in.post(
        reverse("plans:new", args=[organization.slug]),
        plan_data([naloxone], sessions=[session.pk]),
    )
    plan = TrainingPlan.objects.get()
    edit_url = reverse("plans:edit", args=[organization.slug, plan.code])

    response = signed_in.post(edit_url, plan_data([naloxone], sessions=[session.pk], name="Two"))
    assert response.status_code == 302
    assert sorted(str(item.title) for item in plan.items.all()) == [
        "Naloxone basics",
        "Overdose response drill",
    ]

    signed_in.post(edit_url, plan_data([naloxone], name="Two"))
    assert [item.title for item in plan.items.all()] == ["Naloxone basics"]


def test_done_once_marked_attended_after_the_session_closed(organization, worker):
    session = past_session(organization)
    item = session_plan(organization, session)
    membership = worker.memberships.get()

    assert item_status(membership, item).status == Status.NOT_STARTED
    mark(worker, session, Attendance.Mark.ATTENDED)
    assert item_status(membership, item).status == Status.NOT_STARTED  # not closed yet

    close(session)

    assert item_status(membership, item) == item_status(membership, item)
    assert item_status(membership, item).status == Status.DONE


def test_absent_or_attended_another_session_is_not_done(organization, worker):
    session = past_session(organization)
    other = past_session(organization, title="Another drill")
    item = session_plan(organization, session)
    mark(worker, session, Attendance.Mark.ABSENT)
    mark(worker, other, Attendance.Mark.ATTENDED)
    close(session)
    close(other)

    assert item_status(worker.memberships.get(), item).status == Status.NOT_STARTED


def test_only_the_current_record_counts(organization, worker):
    session = past_session(organization)
    item = session_plan(organization, session)
    first = mark(worker, session, Attendance.Mark.ATTENDED)
    close(session)
    Attendance.objects.filter(pk=first.pk).update(superseded_at=timezone.now())
    Attendance.objects.create(
        session=session,
        person=worker,
        method=Attendance.Method.FACILITATOR,
        mark=Attendance.Mark.ABSENT,
        corrects=first,
    )

    assert item_status(worker.memberships.get(), item).status == Status.NOT_STARTED


def test_attending_part_is_done_only_where_it_earns_credit(organization, worker):
    strict = past_session(organization, title="Standalone drill")
    lenient_course = make_course(
        "Blended naloxone", delivery_format="blended", live_partial_credit=PartialCredit.MINUTES
    )
    lenient = past_session(organization, title="Blended drill", course=lenient_course)
    strict_item = session_plan(organization, strict)
    lenient_item = session_plan(organization, lenient)
    mark(worker, strict, Attendance.Mark.PARTIAL, minutes=60)
    mark(worker, lenient, Attendance.Mark.PARTIAL, minutes=60)
    close(strict)
    close(lenient)
    membership = worker.memberships.get()

    assert item_status(membership, strict_item).status == Status.NOT_STARTED
    assert item_status(membership, lenient_item).status == Status.DONE


def test_overdue_after_the_due_date_as_for_a_course(signed_in, organization, worker):
    session = past_session(organization)
    joined(worker.memberships.get(), days_ago=45)
    item = session_plan(organization, session, due_within_days=30)
    worker_membership = worker.memberships.get()

    assert item_status(worker_membership, item).status == Status.OVERDUE
    rows = {
        row.membership.user.email: row
        for row in signed_in.get(url(item.plan)).context["page"].object_list
    }
    assert [s.status for s in rows["worker@example.org"].statuses] == [Status.OVERDUE]

    mark(worker, session, Attendance.Mark.ATTENDED)
    close(session)
    assert item_status(worker_membership, item).status == Status.DONE


def test_the_worker_sees_the_session_assigned_with_its_link(client, organization, worker):
    session = past_session(organization)
    session_plan(organization, session, due_on=datetime.date(2031, 1, 15), due_within_days=None)
    client.force_login(worker)

    page = BeautifulSoup(client.get(reverse("my_learning")).content, "html.parser")

    card = page.find("h3", string="Overdose response drill").find_parent("li")
    assert card.a["href"] == reverse("trainings:detail", args=[session.code])
    assert "Assigned by Riverside Syringe Services — due 15 Jan" in card.get_text(" ")


def test_the_compliance_view_costs_the_same_queries_with_a_session_item(
    signed_in, organization, naloxone
):
    session = past_session(organization)
    plan = make_plan(organization, [naloxone])
    PlanItem.objects.create(plan=plan, session=session, due_within_days=30, position=1)
    close(session)

    def attend_all():
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    person_id=user_id,
                    method=Attendance.Method.FACILITATOR,
                    mark=Attendance.Mark.ATTENDED,
                )
                for user_id in plan.organization.memberships.exclude(
                    user__session_attendances__session=session
                ).values_list("user_id", flat=True)
            ]
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = signed_in.get(url(plan))
        assert response.status_code == 200
        return len(captured), response

    crowd(organization, plan, [naloxone], 10)
    attend_all()
    few, _small = queries()
    crowd(organization, plan, [naloxone], 990, start=10)
    attend_all()
    many, large = queries()

    assert large.context["page"].paginator.count == 1001
    shown = [row for row in large.context["page"].object_list if row.shares]
    assert shown and all(row.statuses[1].status == Status.DONE for row in shown)
    assert few == many


def test_a_session_item_reminds_with_the_sessions_link(organization, worker):
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    session = past_session(organization)
    session_plan(organization, session, due_on=datetime.date(2031, 1, 31), due_within_days=None)

    call_command("send_plan_reminders", "--date", "2031-01-17", stdout=StringIO())

    assert [message.subject for message in mail.outbox] == [
        "Reminder: Overdose response drill is due 31 Jan"
    ]
    body = mail.outbox[0].body
    assert (
        "The session: https://opendoor.test" + reverse("trainings:detail", args=[session.code])
        in body
    )


def test_a_place_at_the_session_is_in_progress(organization, worker):
    from trainings import services as training_services

    session = make_session(organization, title="Coming drill")
    item = session_plan(organization, session)
    membership = worker.memberships.get()
    assert item_status(membership, item).status == Status.NOT_STARTED

    training_services.register(worker, session)

    assert item_status(membership, item).status == Status.IN_PROGRESS

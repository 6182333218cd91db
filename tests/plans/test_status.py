"""What a plan item means for a member: plans.services.item_status and assignments_for."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from plans.services import Status, assignments_for, item_status
from tests.conftest import make_member

from .conftest import certify, enrol, joined, make_plan, make_tag, person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def days(n):
    return datetime.timedelta(days=n)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())


@pytest.fixture
def worker(organization):
    return person("worker@example.org", organization, first="Ana", last="Diaz")


@pytest.fixture
def membership(worker, organization):
    membership = worker.memberships.get(organization=organization)
    membership.joined_at = at(TODAY - days(10))
    membership.save()
    return membership


def status_of(membership, plan, today=TODAY):
    return item_status(membership, plan.items.get(), today=today)


def test_not_started_is_due_n_days_after_joining(organization, membership, naloxone):
    plan = make_plan(organization, [naloxone], due_within_days=30)

    result = status_of(membership, plan)

    assert result.status == Status.NOT_STARTED
    assert result.due_on == TODAY - days(10) + days(30)


def test_a_fixed_date_is_the_due_date_whatever_the_joining_day(organization, membership, naloxone):
    plan = make_plan(organization, [naloxone], due_on=datetime.date(2027, 1, 15))

    assert status_of(membership, plan).due_on == datetime.date(2027, 1, 15)


def test_enrolled_is_in_progress_and_past_the_date_is_overdue(
    organization, membership, worker, naloxone
):
    plan = make_plan(organization, [naloxone], due_within_days=30)
    enrol(worker, naloxone)

    assert status_of(membership, plan).status == Status.IN_PROGRESS
    late = status_of(membership, plan, today=TODAY + days(21))
    assert (late.status, late.due_on) == (Status.OVERDUE, TODAY + days(20))
    # The due day itself is not overdue yet.
    assert status_of(membership, plan, today=TODAY + days(20)).status == Status.IN_PROGRESS


def test_a_valid_certificate_from_before_joining_counts_at_once(
    organization, membership, worker, naloxone
):
    certify(worker, naloxone, completed_at=at(TODAY - days(400)), valid_until=TODAY + days(300))
    plan = make_plan(organization, [naloxone], due_within_days=30)

    result = status_of(membership, plan)

    assert result.status == Status.DONE


def test_an_expired_certificate_makes_the_course_due_again_on_its_expiry(
    organization, membership, worker, naloxone
):
    certify(worker, naloxone, completed_at=at(TODAY - days(800)), valid_until=TODAY + days(40))
    plan = make_plan(organization, [naloxone], due_within_days=30, recur_months=24)

    assert status_of(membership, plan).status == Status.DONE
    assert status_of(membership, plan).due_on == TODAY + days(40)  # due again then
    after = status_of(membership, plan, today=TODAY + days(41))
    assert (after.status, after.due_on) == (Status.OVERDUE, TODAY + days(40))


def test_a_revoked_certificate_does_not_count(organization, membership, worker, naloxone):
    certify(worker, naloxone, status=Certificate.Status.REVOKED)
    plan = make_plan(organization, [naloxone], due_within_days=30)

    assert status_of(membership, plan).status == Status.NOT_STARTED


def test_recurrence_ends_a_certificate_that_never_expires(
    organization, membership, worker, anti_stigma
):
    completed = TODAY - days(200)
    certify(worker, anti_stigma, completed_at=at(completed), valid_until=None)
    once = make_plan(organization, [anti_stigma], name="Once", due_on=TODAY - days(100))
    twice = make_plan(
        organization, [anti_stigma], name="Twice", due_on=TODAY - days(100), recur_months=6
    )
    later = make_plan(organization, [anti_stigma], name="Later", recur_months=6)

    assert status_of(membership, once).status == Status.DONE
    assert status_of(membership, once).due_on is None
    lapsed = status_of(membership, twice)
    # Six months after the completion (17 Nov): due again then, and that day has passed.
    assert (lapsed.status, lapsed.due_on) == (Status.OVERDUE, datetime.date(2026, 11, 17))
    # Unless the plan's own date is later: 30 days after joining.
    assert status_of(membership, later).due_on == TODAY - days(10) + days(30)
    assert status_of(membership, later).status == Status.NOT_STARTED


def test_a_completion_waiting_for_its_certificate_counts(
    organization, membership, worker, naloxone
):
    enrol(worker, naloxone, completed_at=at(TODAY - days(2)))
    plan = make_plan(organization, [naloxone], due_within_days=30)

    assert status_of(membership, plan).status == Status.DONE


def test_plans_apply_by_tag_by_name_or_to_all(organization, membership, naloxone, anti_stigma):
    other = person("other@example.org", organization)
    other_membership = other.memberships.get()
    outreach = make_tag(organization, "outreach", membership)
    make_plan(organization, [naloxone], name="Outreach", assign_to="tags", tags=[outreach])
    make_plan(
        organization, [anti_stigma], name="Named", assign_to="people", members=[other_membership]
    )
    make_plan(organization, [anti_stigma], name="Paused", active=False)

    worker_plans = {a.plan.name for a in assignments_for(membership.user, today=TODAY)}
    other_plans = {a.plan.name for a in assignments_for(other, today=TODAY)}

    assert worker_plans == {"Outreach"}
    assert other_plans == {"Named"}


def test_assignments_are_overdue_first_then_by_due_date_done_last(
    organization, other_organization, membership, worker, naloxone, anti_stigma
):
    make_member(worker, other_organization)
    make_plan(organization, [naloxone], name="Soon", due_on=TODAY + days(5))
    make_plan(organization, [anti_stigma], name="Late", due_on=TODAY - days(1))
    make_plan(other_organization, [anti_stigma], name="Later", due_on=TODAY + days(50))
    make_plan(other_organization, [naloxone], name="Done", due_on=TODAY + days(1))
    certify(worker, naloxone, valid_until=TODAY + days(100))

    order = [(a.plan.name, a.status.status) for a in assignments_for(worker, today=TODAY)]

    assert order == [
        ("Late", Status.OVERDUE),
        ("Later", Status.NOT_STARTED),
        ("Done", Status.DONE),  # same course and renewal date: by plan name
        ("Soon", Status.DONE),
    ]


def test_another_organizations_plan_does_not_apply(
    organization, other_organization, membership, naloxone
):
    make_plan(other_organization, [naloxone], name="Theirs")

    assert assignments_for(membership.user, today=TODAY) == []
    assert joined  # helper used by other modules

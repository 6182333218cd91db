"""send_plan_reminders: 14 and 2 days before a course is due, once when overdue; once each,
in the learner's language; safe to run twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from plans.models import PlanReminder

from .conftest import certify, make_plan, make_tag, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(organization):
    user = person("worker@example.org", organization, first="Ana", last="Diaz")
    membership = user.memberships.get()
    membership.joined_at = timezone.make_aware(datetime.datetime(2027, 1, 1, 12))
    membership.save()
    return user


@pytest.fixture
def plan(organization, worker, naloxone):
    outreach = make_tag(organization, "outreach", worker.memberships.get())
    return make_plan(
        organization, [naloxone], assign_to="tags", tags=[outreach], due_within_days=30
    )


def run(day: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_plan_reminders", "--date", day, stdout=out)
    return out.getvalue()


def subjects():
    return [message.subject for message in mail.outbox]


def test_reminders_go_out_14_and_2_days_before_and_once_overdue(plan, worker):
    # Joined 1 January, due within 30 days: due 31 January.
    assert "(14 days before): 0" in run("2027-01-16")
    assert mail.outbox == []

    first = run("2027-01-17")
    assert "(14 days before): 1" in first
    assert subjects() == ["Reminder: Naloxone basics is due 31 Jan"]
    assert mail.outbox[0].to == [worker.email]
    assert "Riverside Syringe Services asked you to take" in mail.outbox[0].body
    assert "https://opendoor.test/my-learning/#assigned" in mail.outbox[0].body

    run("2027-01-20")  # still in the 14-day window: nothing new
    run("2027-01-29")
    run("2027-01-31")
    run("2027-02-01")
    run("2027-02-09")
    assert subjects() == [
        "Reminder: Naloxone basics is due 31 Jan",
        "Reminder: Naloxone basics is due 31 Jan",
        "Naloxone basics is overdue",
    ]


def test_running_twice_sends_once(plan, worker):
    run("2027-01-17")
    second = run("2027-01-17")

    assert "(14 days before): 0" in second
    assert len(mail.outbox) == 1
    assert PlanReminder.objects.count() == 1


def test_a_plan_made_late_sends_only_the_closest_reminder(plan, worker):
    run("2027-01-30")

    assert len(mail.outbox) == 1 and PlanReminder.objects.get().kind == "2"


def test_done_courses_get_no_reminder(plan, worker, naloxone):
    certify(worker, naloxone, valid_until=datetime.date(2030, 1, 1))

    run("2027-01-17")
    assert mail.outbox == []


def test_paused_plans_send_nothing(plan, worker):
    plan.active = False
    plan.save()

    run("2027-01-17")

    assert mail.outbox == []


def test_reminders_are_in_the_learners_language(plan, worker):
    worker.language = "es"
    worker.save()

    run("2027-01-17")

    with translation.override("es"):
        day = date_format(datetime.date(2027, 1, 31), "j M")  # Django's Spanish: "31 Ene"
    assert mail.outbox[0].subject == f"Recordatorio: Naloxone basics vence el {day}"
    assert "Riverside Syringe Services le pidió tomar" in mail.outbox[0].body
    assert "https://opendoor.test/es/my-learning/#assigned" in mail.outbox[0].body


def test_a_bad_date_is_a_clear_error(plan):
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        run("31/01/2027")

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import Membership, Organization, User
from basics.dates import add_months
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def load(capsys):
    call_command("load_demo_data")
    return capsys.readouterr().out


@override_settings(DEBUG=True)
def test_demo_data_makes_a_coalition_two_organizations_and_each_role(capsys, client):
    out = load(capsys)

    coalition = Organization.objects.get(kind=Organization.Kind.COALITION)
    assert coalition.member_organizations.count() == 2
    for email in ["learner@", "manager@", "trainer@", "reviewer@", "admin@"]:
        assert email in out
    manager_line = next(line for line in out.splitlines() if "manager@example.org" in line)
    password = manager_line.split()[-1]
    assert client.login(email="manager@example.org", password=password)
    assert Membership.objects.get(user__email="manager@example.org").is_manager


@override_settings(DEBUG=True)
def test_running_it_twice_creates_nothing_new(capsys):
    load(capsys)
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())

    out = load(capsys)

    assert (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert "0 created, 3 already there" in out


def test_it_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data")
    assert not Organization.objects.exists()


@override_settings(DEBUG=True)
def test_demo_data_shows_coalition_figures_above_the_threshold_and_zero_months_as_0(
    capsys, client, settings
):
    from courses.curriculum.loader import load_curriculum
    from courses.models import Enrollment
    from tests.conftest import sign_in_with_mfa

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    load_curriculum()
    out = load(capsys)
    assert "Training records: 28 learners" in out
    lead = User.objects.get(email="coalition@example.org")
    lead.set_password(PASSWORD)
    lead.save()
    sign_in_with_mfa(client, lead)

    page = client.get(reverse("partners:coalition", args=["demo-coalition"]))

    figures = page.context["figures"]
    assert page.status_code == 200
    organizations = {row.label: row.people.text for row in figures.organizations}
    assert organizations == {
        "Riverside Syringe Services": "16",
        "Valley County Health Department": "12",
    }
    courses = [row.people.text for row in figures.courses]
    assert courses[0] == "28" and "<11" in courses  # shown and hidden cells, side by side
    first_month = figures.months[0]
    assert first_month.people.text == "28"  # everyone completed early in the quarter
    assert [row.people.text for row in figures.months[1:]] == ["0", "0"]
    for row in figures.months:
        month_end = add_months(row.key, 1)
        completions = Enrollment.objects.filter(
            completed_at__date__gte=row.key, completed_at__date__lt=month_end
        ).count()
        if completions == 0:
            assert row.people.text == "0", row.label
    body = page.content.decode()
    assert ">28<" in body

    again = load(capsys)
    assert "0 learners, 0 completions and 0 certificates made" in again


@override_settings(DEBUG=True)
def test_the_demo_trainer_coaches_mi_and_finds_practice_waiting(capsys, client, settings):
    """``make demo``'s three commands, in order: the trainer's header and queue show the demo
    learner's practice set; running it all again makes nothing twice."""
    from coaching.models import CoachAssignment, PracticeSubmission
    from coaching.seed import MI_COURSE_SLUG
    from tests.conftest import sign_in_with_mfa

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    def make_demo():
        call_command("load_curriculum")
        call_command("load_practice_sets")
        return load(capsys)

    out = make_demo()
    assert "Coaching: trainer@example.org now coaches" in out
    assert "one practice set was submitted for them to rate" in out
    assignment = CoachAssignment.objects.get()
    assert assignment.coach.email == "trainer@example.org"
    assert assignment.course_coaching.course.slug == MI_COURSE_SLUG
    assert assignment.organization is None
    submission = PracticeSubmission.objects.get()
    assert submission.is_submitted and submission.enrollment.user.email == "learner@example.org"
    assert all(response.text for response in submission.responses.all())

    trainer = User.objects.get(email="trainer@example.org")
    trainer.set_password(PASSWORD)
    trainer.save()
    sign_in_with_mfa(client, trainer)
    queue = client.get(reverse("coaching:queue")).content.decode()
    assert "Practice to review (1 waiting)" in queue
    assert "Riverside Syringe Services" in queue and "Motivational" in queue

    again = make_demo()
    assert "already coaches" in again and "practice was there already" in again
    assert CoachAssignment.objects.count() == 1
    assert PracticeSubmission.objects.count() == 1


@override_settings(DEBUG=True)
def test_without_the_practice_set_the_demo_says_what_to_run(capsys):
    out = load(capsys)
    assert "No coached practice yet: run load_curriculum and load_practice_sets" in out
    from coaching.models import CoachAssignment

    assert not CoachAssignment.objects.exists()

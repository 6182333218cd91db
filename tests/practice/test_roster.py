"""Observing from a session's roster: "Observe skills" beside each person checked in with an
account, for the people who may run the session, leading to the same observation form with
the session as the place. The permission matrix covers the button's address and the form it
opens."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from courses.choices import DeliveryFormat
from courses.models import CatalogPage, CoursePage
from practice.models import Observation, ObservationRequest
from tests.conftest import make_member, make_user
from tests.courses.conftest import make_course
from tests.trainings.conftest import make_session
from trainings import checkin, services
from trainings.models import Attendance

from .conftest import make_checklist, marks_form, signed_in, with_mfa

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/"
BUTTON = 'name="checklist"'


def blended(course) -> CoursePage:
    """Only a blended or live course has sessions (trainings.models.TrainingSession.clean)."""
    CoursePage.objects.filter(pk=course.pk).update(delivery_format=DeliveryFormat.BLENDED)
    course.refresh_from_db()
    return course


def session_now(organization, course=None, **fields):
    start = (timezone.now() + datetime.timedelta(minutes=10)).replace(microsecond=0)
    return make_session(
        organization,
        start=start,
        registration_opens=start - datetime.timedelta(days=3),
        course=course,
        **fields,
    )


@pytest.fixture
def session(organization, checklist, course):
    return session_now(organization, blended(course), title="Naloxone in the room")


@pytest.fixture
def session_facilitator(session, facilitator):
    session.facilitators.add(facilitator)
    return facilitator


@pytest.fixture
def checked_in(session, enrollment):
    """The learner (enrolled, a member of the hosting organization) is checked in."""
    person = enrollment.user
    services.register(person, session)
    return checkin.check_in(session, person, Attendance.Method.DOOR_QR).attendance


def roster(client, session) -> str:
    response = client.get(reverse("trainings:roster", args=[session.code]))
    assert response.status_code == 200
    return response.content.decode()


def open_form(client, session, attendance, checklist):
    return client.post(
        reverse("practice:observe_at_session", args=[session.code]),
        {"attendance": attendance.code, "checklist": checklist.code},
    )


# The roster -----------------------------------------------------------------------------------


def test_the_roster_offers_observe_skills_beside_each_person_checked_in_with_an_account(
    session, session_facilitator, checked_in, checklist
):
    not_yet = make_user("not-yet@example.org", display_name="Nico")
    services.register(not_yet, session)
    checkin.add_walk_in(session, name="Walk-in Wen")
    checkin.check_in(session, session_facilitator, Attendance.Method.DOOR_QR)  # themselves

    page = roster(with_mfa(session_facilitator), session)

    assert page.count(BUTTON) == 1
    assert f'name="attendance" value="{checked_in.code}"' in page
    row = page.split(f'value="{checked_in.code}"')[0].rsplit('class="roster-row"', 1)[1]
    assert str(checked_in.person) in row
    assert "Observe skills" in page and checklist.code in page
    button = page.split("Observe skills")[1].split("</button>")[0]
    assert "Naloxone demonstration" in button  # named for screen readers
    assert "<script" not in page.split("<main")[1]


def test_two_checklists_get_two_named_buttons(session, session_facilitator, checked_in, course):
    make_checklist(course, title="Rescue breathing", required=False)
    page = roster(with_mfa(session_facilitator), session)
    assert page.count(BUTTON) == 2
    assert "Observe skills: Rescue breathing" in page
    assert "Observe skills: Naloxone demonstration" in page


def test_no_button_when_the_course_has_no_checklist_or_there_is_no_course(
    organization, session_facilitator, checked_in, session, checklist
):
    checklist.delete()
    client = with_mfa(session_facilitator)
    assert BUTTON not in roster(client, session)

    standalone = session_now(organization, title="Standalone")
    standalone.facilitators.add(session_facilitator)
    services.register(checked_in.person, standalone)
    checkin.check_in(standalone, checked_in.person, Attendance.Method.DOOR_QR)
    assert BUTTON not in roster(client, standalone)


def test_only_people_who_run_the_session_see_the_roster_and_its_buttons(
    session, checked_in, member, other_facilitator
):
    for person in (checked_in.person, member):
        response = signed_in(person).get(reverse("trainings:roster", args=[session.code]))
        assert response.status_code == 403
    response = with_mfa(other_facilitator).get(reverse("trainings:roster", args=[session.code]))
    assert response.status_code == 403
    detail = signed_in(checked_in.person).get(reverse("trainings:detail", args=[session.code]))
    assert "Observe skills" not in detail.content.decode()


def test_the_roster_costs_the_same_queries_for_a_few_people_or_many(
    session, session_facilitator, checked_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = with_mfa(session_facilitator)
    roster(client, session)  # the checklists of each course are cached from here on
    with CaptureQueriesContext(connection) as few:
        roster(client, session)
    for number in range(12):
        person = make_user(f"p{number}@example.org")
        services.register(person, session)
        checkin.check_in(session, person, Attendance.Method.DOOR_QR)
    with CaptureQueriesContext(connection) as many:
        page = roster(client, session)
    assert page.count(BUTTON) == 13
    assert len(many) == len(few)


# Observing from it -----------------------------------------------------------------------------


def test_observing_from_the_roster_records_the_session(
    session, session_facilitator, checked_in, checklist, organization
):
    observer = with_mfa(session_facilitator)
    opened = open_form(observer, session, checked_in, checklist)
    waiting = ObservationRequest.objects.get()
    assert opened["Location"] == reverse("practice:observe", args=[waiting.token])
    assert waiting.session == session and waiting.learner == checked_in.person

    form = observer.get(opened["Location"]).content.decode()
    assert "Checks if the person responds" in form and 'type="radio"' in form
    assert "Where: Naloxone in the room (Community room B, 120 Main Street, Riverside)" in form
    assert 'name="place"' not in form  # the session is the place

    data = marks_form(checklist)
    del data["place"]
    saved = observer.post(opened["Location"], data)
    observation = Observation.objects.get()
    assert saved["Location"] == reverse("practice:observation", args=[observation.code])
    assert observation.session == session
    assert (
        observation.place == "Naloxone in the room (Community room B, 120 Main Street, Riverside)"
    )
    assert observation.signed_off is True
    assert observation.capacity == Observation.Capacity.FACILITATOR
    assert observation.organization == organization
    assert observation.enrollment.user == checked_in.person
    assert not ObservationRequest.objects.exists()  # the form works once
    assert observer.post(opened["Location"], data).status_code == 404

    page = observer.get(saved["Location"]).content.decode()
    assert "Naloxone in the room" in page
    assert reverse("trainings:roster", args=[session.code]) in page  # back to the roster
    learner_page = signed_in(checked_in.person).get(
        reverse("practice:checklist", args=[checklist.code])
    )
    assert "Signed off by Lee Okafor" in learner_page.content.decode()


def test_a_facilitator_from_elsewhere_on_the_session_observes_a_member_of_the_host(
    session, checked_in, checklist, other_facilitator, other_organization
):
    """A public session's listed facilitator may be of another organization: they observe at
    the session as a facilitator of the hosting organization."""
    session.facilitators.add(other_facilitator)
    observer = with_mfa(other_facilitator)
    opened = open_form(observer, session, checked_in, checklist)
    data = marks_form(checklist, {0: "needs_practice"})
    observer.post(opened["Location"], data)
    observation = Observation.objects.get()
    assert observation.signed_off is False
    assert observation.organization == session.organization != other_organization


def test_a_trainer_observes_from_the_roster_as_a_trainer(session, checked_in, checklist, trainer):
    observer = with_mfa(trainer)
    opened = open_form(observer, session, checked_in, checklist)
    observer.post(opened["Location"], marks_form(checklist))
    observation = Observation.objects.get()
    assert observation.capacity == Observation.Capacity.TRAINER
    assert observation.organization is None and observation.session == session


def test_a_second_tap_reuses_the_form_already_open(
    session, session_facilitator, checked_in, checklist
):
    observer = with_mfa(session_facilitator)
    first = open_form(observer, session, checked_in, checklist)
    second = open_form(observer, session, checked_in, checklist)
    assert first["Location"] == second["Location"]
    assert ObservationRequest.objects.count() == 1


def test_someone_not_enrolled_is_told_to_enrol_first(
    session, session_facilitator, checklist, organization
):
    person = make_user("walk@example.org", display_name="Noor")
    make_member(person, organization)
    services.register(person, session)
    attendance = checkin.check_in(session, person, Attendance.Method.DOOR_QR).attendance
    observer = with_mfa(session_facilitator)

    response = open_form(observer, session, attendance, checklist)

    assert response["Location"] == reverse("trainings:roster", args=[session.code])
    assert not ObservationRequest.objects.exists()
    page = observer.get(response["Location"]).content.decode()
    assert "Noor is not enrolled in" in page and "They enrol on the course page" in page


def test_the_learners_own_code_and_the_rosters_form_do_not_mix(
    session, session_facilitator, checked_in, checklist
):
    learner = signed_in(checked_in.person)
    learner.post(reverse("practice:new_code", args=[checklist.code]))
    own = ObservationRequest.objects.get()
    observer = with_mfa(session_facilitator)
    open_form(observer, session, checked_in, checklist)
    from_roster = ObservationRequest.objects.exclude(pk=own.pk).get()

    page = learner.get(reverse("practice:checklist", args=[checklist.code])).content.decode()
    assert own.show_code in page and from_roster.show_code not in page
    learner.post(reverse("practice:new_code", args=[checklist.code]))  # a new code of their own
    assert ObservationRequest.objects.filter(pk=from_roster.pk).exists()
    typed = observer.post(reverse("practice:enter_code"), {"code": from_roster.show_code})
    assert "No learner you can observe has this code" in typed.content.decode()


def test_unknown_people_checklists_and_other_sessions_are_not_found(
    organization, session, session_facilitator, checked_in, checklist, course
):
    observer = with_mfa(session_facilitator)
    url = reverse("practice:observe_at_session", args=[session.code])
    for data in (
        {"attendance": "NOSUCHCODE", "checklist": checklist.code},
        {"attendance": checked_in.code, "checklist": "NOSUCHCODE"},
        {"attendance": checked_in.code},
        {},
    ):
        assert observer.post(url, data).status_code == 404
    other_course = make_course(CatalogPage.objects.get(), "Another course", lessons=1)
    elsewhere_checklist = make_checklist(other_course, title="Elsewhere")
    data = {"attendance": checked_in.code, "checklist": elsewhere_checklist.code}
    assert observer.post(url, data).status_code == 404  # not the session's course
    elsewhere = session_now(organization, course, title="Another day")
    elsewhere.facilitators.add(session_facilitator)
    other_url = reverse("practice:observe_at_session", args=[elsewhere.code])
    data = {"attendance": checked_in.code, "checklist": checklist.code}
    assert observer.post(other_url, data).status_code == 404  # checked in to the first only
    assert not ObservationRequest.objects.exists()


def test_a_facilitator_checked_in_to_their_own_session_cannot_observe_themselves(
    session, session_facilitator, checklist, course
):
    from courses import services as course_services

    course_services.enrol(session_facilitator, course)
    attendance = checkin.check_in(session, session_facilitator, Attendance.Method.DOOR_QR)
    observer = with_mfa(session_facilitator)
    assert open_form(observer, session, attendance.attendance, checklist).status_code == 403
    assert not ObservationRequest.objects.exists()


def test_the_button_is_post_only(session, session_facilitator, checked_in, checklist):
    observer = with_mfa(session_facilitator)
    url = reverse("practice:observe_at_session", args=[session.code])
    response = observer.get(url, {"attendance": checked_in.code, "checklist": checklist.code})
    assert response.status_code == 405
    assert not ObservationRequest.objects.exists()


# The permission matrix -------------------------------------------------------------------------


def person(kind, session, organization, other_organization) -> Client:
    """A browser signed in as `kind`, the way that person signs in."""
    if kind == "signed_out":
        return Client()
    group = roles.TRAINERS if kind == "trainer" else roles.LEARNERS
    user = make_user(f"{kind}@example.org", group=group, display_name=kind)
    role, where = {
        "member": (Membership.Role.MEMBER, organization),
        "manager": (Membership.Role.MANAGER, organization),
        "session_facilitator": (Membership.Role.FACILITATOR, organization),
        "facilitator_without_second_factor": (Membership.Role.FACILITATOR, organization),
        "facilitator_not_on_this_session": (Membership.Role.FACILITATOR, organization),
        "other_facilitator": (Membership.Role.FACILITATOR, other_organization),
        "other_manager": (Membership.Role.MANAGER, other_organization),
    }.get(kind, (None, None))
    if role:
        make_member(user, where, role)
    if kind in ("session_facilitator", "facilitator_without_second_factor"):
        session.facilitators.add(user)
    if kind in ("facilitator_without_second_factor", "member", "outsider"):
        return signed_in(user)
    return with_mfa(user)


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(SIGN_IN):
        return "sign in"
    if response.status_code == 302 and response["Location"].startswith(SECOND_FACTOR):
        return "second factor"
    if response.status_code == 302 and "/practice/observe/" in response["Location"]:
        return "form"
    return response.status_code


# kind: (the roster's button, the form it opened: GET, then POST)
MATRIX = {
    "session_facilitator": ("form", 200, "saved"),
    "manager": ("form", 200, "saved"),  # a manager of the hosting organization runs it
    "trainer": ("form", 200, "saved"),
    "facilitator_not_on_this_session": (403, 404, 404),
    "other_facilitator": (403, 404, 404),
    "other_manager": (403, 404, 404),
    "member": (403, 404, 404),
    "outsider": (403, 404, 404),
    "learner": (403, 404, 404),  # the person being observed
    "facilitator_without_second_factor": ("second factor", "second factor", "second factor"),
    "signed_out": ("sign in", "sign in", "sign in"),
}


@pytest.mark.parametrize("kind", list(MATRIX))
def test_who_observes_from_a_roster(
    kind, session, checked_in, checklist, organization, other_organization
):
    button, form_get, form_post = MATRIX[kind]
    if kind == "learner":
        client = signed_in(checked_in.person)
    else:
        client = person(kind, session, organization, other_organization)

    assert outcome(open_form(client, session, checked_in, checklist)) == button

    runner = with_mfa(make_user("runner@example.org", group=roles.TRAINERS))
    form_url = open_form(runner, session, checked_in, checklist)["Location"]
    assert outcome(client.get(form_url)) == form_get
    data = marks_form(checklist)
    del data["place"]
    posted = client.post(form_url, data)
    if form_post == "saved":
        assert Observation.objects.get().observer.email == f"{kind}@example.org"
    else:
        assert outcome(posted) == form_post
        assert not Observation.objects.exists()

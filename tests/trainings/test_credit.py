"""Live credit and the blended course's gate: the online part alone earns no certificate; the
attendance step is met by a record at a closed session that meets the course's rule (90% by
default; partial attendance earns nothing or its minutes, as the course's approval allows)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from courses import services
from courses.models import CatalogPage, Enrollment
from courses.services.progress import learner_states
from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.courses.conftest import make_course
from trainings import closing, credit
from trainings.models import Attendance, TrainingSession, new_claim_code

from .conftest import make_session
from .test_closing import ended_session

pytestmark = pytest.mark.django_db

STEP = "Attend a live session of this course"


@pytest.fixture
def blended(db):
    return make_course(
        CatalogPage.objects.get(), "Naloxone in the room", lessons=2, delivery_format="blended"
    )


@pytest.fixture
def session(organization, blended):
    return ended_session(organization, course=blended)


@pytest.fixture
def learner_done_online(learner, blended):
    learner.certificate_name = "Sam Rivera"
    learner.save(update_fields=["certificate_name"])
    enrollment = Enrollment.objects.create(user=learner, course=blended)
    for lesson in blended.live_lessons():
        services.complete_lesson(enrollment, lesson)
    enrollment.refresh_from_db()
    return enrollment


def attend(session, person, mark="attended", minutes=120, reason=""):
    return Attendance.objects.create(
        session=session,
        person=person,
        method="facilitator",
        checked_in_at=session.start,
        mark=mark,
        minutes_attended=minutes,
        mark_reason=reason,
    )


def close(session):
    closing.close_session(session, by=None)


def completed(enrollment) -> bool:
    enrollment.refresh_from_db()
    return enrollment.completed_at is not None


def test_the_online_part_alone_earns_no_certificate_and_closing_issues_it(
    client, learner_done_online, session, organization, django_capture_on_commit_callbacks
):
    assert not completed(learner_done_online)
    client.force_login(learner_done_online.user)
    page = client.get(learner_done_online.course.url).content.decode()
    assert f"Continue: {STEP}" in page
    assert reverse("trainings:list") in page  # the course's only session is over

    manager = make_user("manager@example.org")
    make_member(manager, organization, "manager")
    attend(session, learner_done_online.user)
    running = sign_in_with_mfa(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        running.post(reverse("trainings:close", args=[session.code]))

    assert completed(learner_done_online)
    certificate = Certificate.objects.get(enrollment=learner_done_online)
    assert certificate.learner_name == "Sam Rivera"


def test_the_step_points_at_the_next_public_session_of_the_course(
    client, learner_done_online, organization, blended
):
    upcoming = make_session(organization, course=blended)
    make_session(organization, course=blended, invitation_only=True)
    client.force_login(learner_done_online.user)
    page = client.get(blended.url).content.decode()
    assert reverse("trainings:detail", args=[upcoming.code]) in page


def test_an_open_session_counts_for_nothing_until_it_is_closed(learner_done_online, session):
    attend(session, learner_done_online.user)
    assert services.evaluate_completion(learner_done_online) is False


@pytest.mark.parametrize(
    ("mark", "minutes", "partial_rule", "earns"),
    [
        ("attended", 120, "none", Decimal("2.00")),
        ("attended", 108, "none", Decimal("2.00")),  # 90% of 120 minutes
        ("attended", 100, "none", None),  # e.g. a sheet with fewer minutes: below the rule
        ("partial", 70, "none", None),
        ("partial", 70, "minutes", Decimal("1.00")),  # whole quarter hours of the minutes
        ("partial", 100, "minutes", Decimal("1.50")),
        ("partial", 10, "minutes", None),  # less than a quarter hour earns nothing
        ("absent", 0, "minutes", None),
    ],
)
def test_the_rule_decides_what_a_record_earns(
    learner_done_online, session, blended, mark, minutes, partial_rule, earns
):
    blended.live_partial_credit = partial_rule
    blended.save_revision().publish()
    attend(session, learner_done_online.user, mark, minutes, reason="Left early")
    close(session)
    assert completed(learner_done_online) is (earns is not None)
    learner_done_online.course.refresh_from_db()
    live = credit.live_credit_for(learner_done_online)
    assert (live.hours if live else None) == earns


def test_a_higher_minimum_share_asks_for_more(learner_done_online, session, blended):
    blended.live_minimum_percent = 100
    blended.save_revision().publish()
    attend(session, learner_done_online.user, "attended", 115)
    close(session)
    assert not completed(learner_done_online)


def test_a_correction_after_closing_can_complete_the_course(learner_done_online, session):
    first = attend(session, learner_done_online.user, "partial", 60, "Left at the break")
    close(session)
    assert not completed(learner_done_online)
    closing.correct_mark(first, mark="attended", minutes=118, reason="Sheet checked", by=None)
    assert completed(learner_done_online)


def test_a_renewal_needs_a_session_after_the_new_cycle_began(learner_done_online, session):
    attend(session, learner_done_online.user)
    close(session)
    assert completed(learner_done_online)
    renewal = services.start_renewal(learner_done_online.user, learner_done_online.course)
    for lesson in renewal.course.live_lessons():
        services.complete_lesson(renewal, lesson)
    assert not completed(renewal)


def test_a_self_paced_course_gets_no_step_and_costs_no_query(learner, catalog_course):
    enrollment = Enrollment.objects.create(user=learner, course=catalog_course)
    with CaptureQueriesContext(connection) as queries:
        assert credit.attendance_requirements([(catalog_course, enrollment)]) == [[]]
    assert len(queries) == 0


@pytest.fixture
def catalog_course(db):
    return make_course(CatalogPage.objects.get(), "Self-paced basics", lessons=1)


def test_a_session_cannot_belong_to_a_self_paced_course(organization, catalog_course):
    with pytest.raises(ValidationError) as error:
        make_session(organization, course=catalog_course)
    assert "This course is self-paced." in str(error.value)


def enrolments_with_records(courses, sessions, how_many):
    pairs = []
    for number in range(how_many):
        person = make_user(f"person{number}@example.org")
        for course, session in zip(courses, sessions, strict=True):
            pairs.append((course, Enrollment.objects.create(user=person, course=course)))
            if number % 2:
                attend(session, person)
            else:
                attend(session, person, "partial", 60, "Late")
    return pairs


def test_the_step_costs_the_same_queries_for_one_enrolment_or_many(
    organization, blended, session, catalog_course
):
    other = make_course(
        CatalogPage.objects.get(), "MI in the room", lessons=0, delivery_format="live"
    )
    other_session = ended_session(organization, course=other, title="MI practice")
    pairs = enrolments_with_records([blended, other], [session, other_session], 12)
    for each in (session, other_session):
        TrainingSession.objects.filter(pk=each.pk).update(status="closed")

    def count(some_pairs):
        with CaptureQueriesContext(connection) as queries:
            statuses = credit.attendance_requirements(some_pairs)
        return len(queries), statuses

    few, _statuses = count(pairs[:1])
    many, statuses = count(pairs + [(catalog_course, None)])
    assert few == many == 2
    met = [each[0].met for each in statuses[:-1]]
    assert met == [number % 2 == 1 for number in range(12) for _course in (0, 1)]
    assert statuses[-1] == []


def test_learner_states_include_the_step_for_a_visitor_too(blended, session):
    _rows, statuses = learner_states([(blended, None)])
    assert [step.label for step in statuses[0] if step.place == "alongside"] == [STEP]


def test_claiming_a_walk_in_record_after_closing_completes_the_blended_course(
    client, learner, learner_done_online, session
):
    code = new_claim_code()
    card = Attendance.objects.create(
        session=session,
        name="Sam R.",
        method="facilitator",
        checked_in_at=session.start,
        mark="attended",
        minutes_attended=120,
        claim_code=code,
    )
    close(session)
    assert not completed(learner_done_online)

    client.force_login(learner)
    page = client.get(reverse("trainings:claim") + f"?code={code}").content.decode()
    assert f'value="{code}"' in page  # the sheet's invitation link fills the code in
    client.post(reverse("trainings:claim"), {"code": code})

    card.refresh_from_db()
    assert card.person == learner
    assert completed(learner_done_online)

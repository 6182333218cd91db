"""Live sessions in hours and in plans: a standalone session attended (closed, marked
attended) counts toward a learner's tracks with the session's hours, in the session's
format; a plan item marked "attending a session is enough" is done once the member attended
a closed session of the course."""

import datetime

import pytest
from django.utils import timezone

from plans.services import Status, item_status
from tests.plans.conftest import make_plan
from tests.trainings.conftest import make_session
from trainings.models import Attendance, TrainingSession

from .conftest import CALMHSA, choose, course_with_hours, hours_page, track, track_section, words

pytestmark = pytest.mark.django_db


def attended(person, session, mark=Attendance.Mark.ATTENDED):
    return Attendance.objects.create(
        session=session,
        person=person,
        method=Attendance.Method.FACILITATOR,
        mark=mark,
        minutes_attended=None,
    )


def past_session(organization, **fields):
    start = (timezone.now() - datetime.timedelta(days=10)).replace(microsecond=0)
    session = make_session(
        organization, start=start, registration_opens=start - datetime.timedelta(days=5), **fields
    )
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CLOSED)
    session.refresh_from_db()
    return session


def test_an_attended_standalone_session_counts_in_person_hours(client, learner, organization):
    in_room = past_session(organization, title="Overdose response in the room")
    online = past_session(
        organization,
        title="Online refresher",
        format=TrainingSession.Format.ONLINE,
        address="",
        room="",
        meeting_link="https://meet.example.org/x",
        contact_hours="1.5",
    )
    missed = past_session(organization, title="A session missed")
    attended(learner, in_room)
    attended(learner, online)
    attended(learner, missed, mark=Attendance.Mark.ABSENT)
    client.force_login(learner)
    choose(client, track(CALMHSA))

    page = hours_page(client)

    text = words(page)
    assert "Overdose response in the room" in text and "Online refresher" in text
    assert "A session missed" not in text
    section = words(track_section(page, CALMHSA))
    assert "3.5 of 20 hours" in section
    assert "In person: 2" in section and "Online: 1.5" in section


def test_a_plan_item_done_by_attending_a_session_of_the_course(learner, organization):
    from tests.conftest import make_member

    membership = make_member(learner, organization)
    course = course_with_hours("Naloxone in the room", "2", delivery_format="blended")
    plan = make_plan(organization, [course], due_within_days=30)
    strict = plan.items.get()
    lenient = make_plan(organization, [course], name="Any session").items.get()
    lenient.by_attending = True
    lenient.save()
    session = past_session(organization, course=course)

    assert item_status(membership, lenient).status == Status.NOT_STARTED
    attended(learner, session)

    assert item_status(membership, lenient).status == Status.DONE
    assert item_status(membership, strict).status == Status.NOT_STARTED  # the course's rule


def with_categories(session, *rows):
    from courses.models import HoursCategory
    from trainings.models import SessionHours

    for position, (name, hours) in enumerate(rows):
        SessionHours.objects.create(
            session=session,
            category=HoursCategory.objects.get(name=name),
            hours=hours,
            sort_order=position,
        )
    return session


def test_a_standalone_sessions_hours_count_under_its_categories(client, learner, organization):
    from .conftest import CCAPP, category_rows

    session = with_categories(
        past_session(organization, title="Ethics of outreach", contact_hours="3"),
        ("Ethics", "2"),
        ("Cultural responsiveness", "0.5"),
    )
    attended(learner, session)
    client.force_login(learner)
    choose(client, track(CCAPP))

    page = hours_page(client)

    listed = words(page.find("th", string="Ethics of outreach").find_parent("tr"))
    assert (
        "Ethics (In person): 2" in listed and "Cultural responsiveness (In person): 0.5" in listed
    )
    section = track_section(page, CCAPP)
    assert "3 of 50 hours" in words(section)  # the half hour in no category still counts
    assert category_rows(section) == {
        "Ethics": ["9", "2", "7"],
        "Cultural responsiveness": ["3", "0.5", "2.5"],
    }


def test_fewer_hours_earned_earn_the_same_share_of_each_category(organization):
    from decimal import Decimal

    from transcripts.progress import session_categories

    session = with_categories(
        past_session(organization, contact_hours="3"), ("Ethics", "2"), ("Harm reduction", "1")
    )

    by_category, rows = session_categories(session, Decimal("1.75"))

    # 2 x 1.75/3 = 1.1666..., 1 x 1.75/3 = 0.5833...: rounded down, never more than earned.
    assert rows == [("Ethics", Decimal("1.16")), ("Harm reduction", Decimal("0.58"))]
    assert sum(by_category.values()) <= Decimal("1.75")
    assert session_categories(session, Decimal("3"))[1] == [
        ("Ethics", Decimal("2.00")),
        ("Harm reduction", Decimal("1.00")),
    ]


def test_the_transcript_lists_a_standalone_sessions_hours_by_category(
    client, learner, organization
):
    from .test_transcript import download_new_transcript, text_of

    learner.certificate_name = "Sam Rivera"
    learner.save(update_fields=["certificate_name"])
    session = with_categories(
        past_session(organization, title="Ethics of outreach", contact_hours="3"),
        ("Ethics", "2"),
    )
    attended(learner, session)
    client.force_login(learner)

    _transcript, pdf = download_new_transcript(client)

    text = text_of(pdf)
    assert "Ethics of outreach" in text
    assert "Ethics (In person): 2" in text
    assert "Total contact hours: 3" in text

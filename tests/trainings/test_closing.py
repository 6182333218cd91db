"""The end of a session: the facilitator's final marks (one form, all or nothing), the summary
and closing, and corrections afterwards that keep the original record."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa
from trainings.models import Attendance, Registration, TrainingSession

from .conftest import make_session

pytestmark = pytest.mark.django_db

ATTENDED, PARTIAL, ABSENT = "attended", "partial", "absent"


def ended_session(organization, **fields) -> TrainingSession:
    """A two-hour session that ended an hour ago (120 minutes)."""
    start = (timezone.now() - datetime.timedelta(hours=3)).replace(microsecond=0)
    return make_session(
        organization,
        start=start,
        registration_opens=start - datetime.timedelta(days=7),
        **fields,
    )


def check_in(session, person=None, *, name="", minutes_late=0, method="facilitator", **fields):
    return Attendance.objects.create(
        session=session,
        person=person,
        name=name,
        method=method,
        checked_in_at=session.start + datetime.timedelta(minutes=minutes_late),
        **fields,
    )


@pytest.fixture
def facilitator(organization):
    user = make_user("facilitator@example.org", display_name="Robin")
    make_member(user, organization, Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def session(organization, facilitator):
    session = ended_session(organization)
    session.facilitators.add(facilitator)
    return session


@pytest.fixture
def people(session):
    ana = make_user("ana@example.org", display_name="Ana")
    bea = make_user("bea@example.org", display_name="Bea")
    cruz = make_user("cruz@example.org", display_name="Cruz")
    for person in (ana, bea, cruz):
        Registration.objects.create(session=session, person=person, status="registered")
    return {
        "ana": check_in(session, ana, method="door_qr", minutes_late=30),
        "bea": check_in(session, bea, checked_out_at=session.end - datetime.timedelta(minutes=60)),
        "walk_in": check_in(session, name="Dee Walker", claim_code="WALKIN0001"),
    }


@pytest.fixture
def running(client, facilitator):
    return sign_in_with_mfa(client, facilitator)


def close_url(session):
    return reverse("trainings:close", args=[session.code])


def marks_url(session):
    return reverse("trainings:marks", args=[session.code])


def minutes_shown(html: str, record: Attendance) -> str:
    tag = re.search(rf'<input[^>]*name="minutes-{record.pk}"[^>]*>', html).group(0)
    return re.search(r'value="(\d*)"', tag).group(1)


def marks(people, **overrides):
    data = {}
    for key, record in people.items():
        mark, minutes, reason = overrides.get(key, (ATTENDED, 120, ""))
        data[f"mark-{record.pk}"] = mark
        data[f"minutes-{record.pk}"] = str(minutes)
        data[f"reason-{record.pk}"] = reason
    return data


def test_the_form_suggests_minutes_from_the_check_in_and_out_times(running, session, people):
    html = running.get(close_url(session)).content.decode()
    assert minutes_shown(html, people["ana"]) == "90"  # scanned the door QR 30 minutes late
    assert minutes_shown(html, people["bea"]) == "60"  # checked out an hour before the end
    assert minutes_shown(html, people["walk_in"]) == "120"  # added by name: the whole session
    assert "Dee Walker" in html and "Credit needs 90% of it: 108 minutes." in html


def test_every_mark_is_saved_at_once(running, session, people, facilitator):
    data = marks(people, bea=(PARTIAL, 60, "Left after the break"), walk_in=(ABSENT, 0, "Ill"))
    response = running.post(marks_url(session), data, follow=True)
    assert "The marks are saved." in response.content.decode()
    rows = {r.pk: r for r in Attendance.objects.all()}
    assert (rows[people["ana"].pk].mark, rows[people["ana"].pk].minutes_attended) == (ATTENDED, 120)
    bea = rows[people["bea"].pk]
    assert (bea.mark, bea.minutes_attended, bea.mark_reason) == (
        PARTIAL,
        60,
        "Left after the break",
    )
    assert bea.marked_by == facilitator and bea.marked_at is not None
    assert rows[people["walk_in"].pk].mark == ABSENT


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ((PARTIAL, 60, ""), "Say why, for example “left after the break”."),
        ((ATTENDED, 100, ""), "Attended means at least 108 of the 120 minutes."),
        ((ABSENT, 30, "Sick"), "Someone absent attended 0 minutes."),
        ((PARTIAL, 120, "Late"), "Attended part means more than 0 and fewer than 120 minutes."),
        ((ATTENDED, 500, ""), "Ensure this value is less than or equal to 120."),
        (("certified", 120, ""), "Select a valid choice."),
    ],
)
def test_one_bad_row_saves_nothing_and_says_what_to_fix(running, session, people, bad_row, message):
    response = running.post(marks_url(session), marks(people, bea=bad_row))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "Bea: " in html  # the list at the top names the person
    assert not Attendance.objects.exclude(mark="").exists()  # Ana's good row waited too


def test_the_summary_counts_and_closing_needs_every_mark(running, session, people):
    html = running.get(close_url(session)).content.decode()
    assert "Give everyone on the list a final mark" in html
    refused = running.post(close_url(session), follow=True)
    assert "Give everyone on the list a final mark" in refused.content.decode()
    session.refresh_from_db()
    assert session.status == "scheduled"

    running.post(marks_url(session), marks(people, bea=(PARTIAL, 60, "Left early")))
    summary = running.get(close_url(session)).content.decode().split('id="summary"')[1]
    summary = re.sub(r"\s+", " ", summary.split("</dl>")[0])
    assert "Registered</dt><dd>3" in summary
    assert "Attended</dt><dd>2" in summary
    assert "Attended part</dt><dd>1" in summary
    assert "did not come</dt><dd>1: Cruz</dd>" in summary  # registered, never checked in

    closed = running.post(close_url(session), follow=True).content.decode()
    assert "The session is closed." in closed
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.CLOSED
    logged = ModelLogEntry.objects.filter(object_id=str(session.pk)).order_by("timestamp")
    assert [(entry.action, entry.user.email) for entry in logged] == [
        ("trainings.marks", "facilitator@example.org"),
        ("trainings.close", "facilitator@example.org"),
    ]


def test_no_shows_are_the_registered_people_without_a_record_or_marked_absent(
    running, session, people
):
    late = make_user("eli@example.org", display_name="Eli")
    Registration.objects.create(session=session, person=late, status="registered")
    running.post(marks_url(session), marks(people, ana=(ABSENT, 0, "Did not come in")))
    html = re.sub(r"\s+", " ", running.get(close_url(session)).content.decode())
    assert "did not come</dt><dd>3: Ana, Cruz, Eli</dd>" in html


def test_a_session_that_has_not_started_cannot_be_marked_or_closed(
    running, organization, facilitator
):
    upcoming = make_session(organization)
    upcoming.facilitators.add(facilitator)
    html = running.get(close_url(upcoming)).content.decode()
    assert "Final marks can be given once the session has started." in html
    running.post(close_url(upcoming))
    upcoming.refresh_from_db()
    assert upcoming.status == "scheduled"


@pytest.fixture
def closed(running, session, people):
    running.post(marks_url(session), marks(people, bea=(PARTIAL, 60, "Left early")))
    running.post(close_url(session))
    session.refresh_from_db()
    assert session.status == "closed"
    return session


def test_after_closing_marks_are_not_edited_in_place(running, closed, people):
    before = list(Attendance.objects.order_by("pk").values())
    response = running.post(marks_url(closed), marks(people, ana=(ABSENT, 0, "Changed mind")))
    assert response.status_code == 302
    assert list(Attendance.objects.order_by("pk").values()) == before
    page = running.get(close_url(closed)).content.decode()
    assert "This session is closed." in page
    assert f'action="{marks_url(closed)}"' not in page  # no marks form any more


def test_a_correction_adds_a_record_and_keeps_the_original(running, closed, people, facilitator):
    bea = people["bea"]
    url = reverse("trainings:correct", args=[closed.code])
    data = {"attendance": bea.pk, "mark": ATTENDED, "minutes": 115, "reason": "Sheet checked"}
    response = running.post(url, data, follow=True)
    assert "The correction is saved. The original record is kept." in response.content.decode()

    original = Attendance.objects.get(pk=bea.pk)
    assert (original.mark, original.minutes_attended, original.mark_reason) == (
        PARTIAL,
        60,
        "Left early",
    )
    assert original.superseded_at is not None
    correction = Attendance.objects.current().get(person=bea.person)
    assert correction.corrects == original
    assert (correction.mark, correction.minutes_attended) == (ATTENDED, 115)
    assert correction.marked_by == facilitator

    html = running.get(close_url(closed)).content.decode()
    record = html.split(f'id="record-{original.pk}"')[1].split("</li>")[0]
    assert "Attended part" in record and "Replaced by a correction" in record
    assert "Correction of an earlier record." in html.split(f'id="record-{correction.pk}"')[1]

    again = running.post(url, {**data, "minutes": 118})  # the old record, a second time
    assert again.status_code == 400
    assert "That record was corrected already." in again.content.decode()
    assert Attendance.objects.count() == 4


def test_a_walk_ins_claim_code_moves_to_the_corrected_record(running, closed, people):
    walk_in = people["walk_in"]
    running.post(
        reverse("trainings:correct", args=[closed.code]),
        {"attendance": walk_in.pk, "mark": ABSENT, "minutes": 0, "reason": "Wrong name"},
    )
    assert Attendance.objects.current().get(name="Dee Walker").claim_code == "WALKIN0001"
    assert Attendance.objects.get(pk=walk_in.pk).claim_code is None


def test_a_correction_is_checked_like_a_mark(running, closed, people):
    response = running.post(
        reverse("trainings:correct", args=[closed.code]),
        {"attendance": people["ana"].pk, "mark": ATTENDED, "minutes": 30, "reason": "Typo"},
    )
    assert response.status_code == 400
    assert "Attended means at least 108 of the 120 minutes." in response.content.decode()
    assert Attendance.objects.count() == 3


def test_before_closing_a_correction_is_refused(running, session, people):
    response = running.post(
        reverse("trainings:correct", args=[session.code]),
        {"attendance": people["ana"].pk, "mark": ABSENT, "minutes": 0, "reason": "No"},
        follow=True,
    )
    assert "Until the session is closed, change the marks on the list." in response.content.decode()
    assert Attendance.objects.count() == 3 and not Attendance.objects.exclude(mark="").exists()


@pytest.mark.parametrize("name", ["marks", "correct"])
def test_the_changes_are_post_only(running, session, name):
    assert running.get(reverse(f"trainings:{name}", args=[session.code])).status_code == 405


def test_closing_is_get_to_look_and_post_to_close(running, session):
    assert running.put(close_url(session)).status_code == 405
    assert running.get(close_url(session)).status_code == 200
    session.refresh_from_db()
    assert session.status == "scheduled"


def test_the_closing_page_is_in_spanish(running, session, people):
    url = close_url(session)  # computed before the Spanish request (it stays active)
    html = running.get(f"/es{url}").content.decode()
    assert "Cerrar la sesión" in html and "Marcas finales" in html
    assert "El crédito pide el 90% de ella: 108 minutos." in html

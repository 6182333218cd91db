"""The session code: said aloud in the room or read out in a webinar, typed at
/trainings/check-in/ while the session is happening; wrong guesses are limited."""

import re

import pytest
from django.urls import reverse

from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.trainings.conftest import make_session
from trainings.models import Attendance, TrainingSession

from .conftest import happening_session

pytestmark = pytest.mark.django_db

CHECK_IN = "/trainings/check-in/"
NO_SESSION = "No session happening now has this code."


def type_code(client, code):
    return client.post(CHECK_IN, {"code": code}, follow=True)


def test_the_address_is_the_one_the_roster_tells_people():
    assert reverse("trainings:check_in_by_code") == CHECK_IN


def test_the_code_on_the_roster_checks_a_person_in_once(client, live_session, facilitator, ana):
    sign_in_with_mfa(client, facilitator)
    roster = client.get(reverse("trainings:roster", args=[live_session.code])).content.decode()
    said_aloud = re.search(r'<strong class="big-code">([^<]+)</strong>', roster).group(1)
    assert "http://testserver/trainings/check-in/" in roster

    client.force_login(ana)
    typed = said_aloud.lower()  # typed in small letters, dash and all
    response = type_code(client, typed)
    assert "You are checked in. Welcome!" in response.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.method) == (ana, Attendance.Method.SESSION_CODE)

    again = type_code(client, said_aloud)
    assert "You are already checked in." in again.content.decode()
    assert Attendance.objects.count() == 1


def test_a_webinar_is_checked_into_with_its_code(client, organization, ana):
    webinar = happening_session(
        organization,
        title="Webinar: stimulant overamping",
        format=TrainingSession.Format.ONLINE,
        address="",
        meeting_link="https://meet.example.org/overamping",
    )
    client.force_login(ana)
    type_code(client, webinar.check_in_code)
    assert Attendance.objects.get().session == webinar


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "This field is required."),
        ("ABC", "A session code has 6 letters and numbers."),
        ("x" * 30, "A session code has 6 letters and numbers."),
        ("<script>", "A session code has 6 letters and numbers."),
        ("ZZZ-ZZZ", NO_SESSION),
    ],
)
def test_a_wrong_code_is_said_plainly_and_records_nothing(client, live_session, ana, typed, said):
    client.force_login(ana)
    response = client.post(CHECK_IN, {"code": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert "<script>" not in page.split("<main", 1)[1]
    assert not Attendance.objects.exists()


def test_the_code_of_a_session_next_week_does_not_work_yet(client, organization, learner):
    next_week = make_session(organization, title="Next week")
    client.force_login(learner)
    assert NO_SESSION in type_code(client, next_week.check_in_code).content.decode()
    assert not Attendance.objects.exists()


def test_an_invitation_only_code_works_for_staff_only(client, organization, learner, member):
    staff_only = happening_session(organization, title="Staff only", invitation_only=True)
    client.force_login(learner)
    assert NO_SESSION in type_code(client, staff_only.check_in_code).content.decode()
    client.force_login(member)
    type_code(client, staff_only.check_in_code)
    assert list(Attendance.objects.values_list("person__email", flat=True)) == [member.email]


def test_signed_out_people_sign_in_first(client):
    response = client.get(CHECK_IN)
    assert response["Location"] == f"{reverse('account_login')}?next={CHECK_IN}"


def test_wrong_guesses_are_limited_per_account(settings, client, live_session, ana):
    settings.TRAININGS_CODE_FAILURES_PER_ACCOUNT = 3
    client.force_login(ana)
    for _ in range(3):
        assert client.post(CHECK_IN, {"code": "ZZZZZZ"}).status_code == 200
    refused = client.post(CHECK_IN, {"code": live_session.check_in_code})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert not Attendance.objects.exists()


def test_a_room_sharing_one_network_is_not_locked_out_by_its_own_check_ins(
    settings, client, organization, live_session
):
    settings.TRAININGS_CODE_FAILURES_PER_CLIENT = 3
    for n in range(6):
        person = make_user(f"room{n}@example.org")
        make_member(person, organization)
        client.force_login(person)
        assert type_code(client, live_session.check_in_code).status_code == 200
    assert Attendance.objects.count() == 6

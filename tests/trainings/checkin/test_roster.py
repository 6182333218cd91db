"""The facilitator's roster: who is registered, waiting and checked in, and checking a
registered person in and out with plain forms (no JavaScript)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user, sign_in_with_mfa
from trainings import checkin, services
from trainings.models import Attendance

pytestmark = pytest.mark.django_db


def roster_of(client, session):
    response = client.get(reverse("trainings:roster", args=[session.code]))
    assert response.status_code == 200
    return response.content.decode()


def form_value(page: str, field: str, near: str) -> str:
    """The hidden `field` of the form that follows the text `near` on the page."""
    after = page[page.index(near) :]
    return re.search(rf'name="{field}" value="([^"]+)"', after).group(1)


def test_the_roster_lists_registered_waitlisted_and_checked_in_people(
    client, live_session, facilitator, ana
):
    live_session.capacity = 1
    live_session.save()
    bea = make_user("bea@example.org", display_name="Bea")
    services.register(bea, live_session)  # full: waitlisted
    cleo = make_user("cleo@example.org", display_name="Cleo")
    checkin.check_in(live_session, cleo, Attendance.Method.DOOR_QR)  # came without registering
    sign_in_with_mfa(client, facilitator)

    page = roster_of(client, live_session)

    registered = page[page.index("Registered</h2>") : page.index("On the waitlist</h2>")]
    waitlisted = page[page.index("On the waitlist</h2>") : page.index("without registering")]
    others = page[page.index("without registering") : page.index("Add a walk-in")]
    assert "Ana" in registered and "Not checked in" in registered
    assert "Bea" in waitlisted
    assert "Cleo" in others and "Checked in at" in others
    assert "1 registered · 1 on the waitlist" in page
    assert "1 checked in" in page
    assert "<script" not in page  # every action is a plain form


def test_the_facilitator_checks_a_registered_person_in_then_out(
    client, live_session, facilitator, ana
):
    sign_in_with_mfa(client, facilitator)
    page = roster_of(client, live_session)
    registration = form_value(page, "registration", "Ana")

    response = client.post(
        reverse("trainings:roster_check_in", args=[live_session.code]),
        {"registration": registration},
        follow=True,
    )
    assert "Ana is checked in." in response.content.decode()
    attendance = Attendance.objects.get(session=live_session, person=ana)
    assert attendance.method == Attendance.Method.FACILITATOR
    assert attendance.recorded_by == facilitator

    again = client.post(
        reverse("trainings:roster_check_in", args=[live_session.code]),
        {"registration": registration},
        follow=True,
    )
    assert "Ana was already checked in." in again.content.decode()
    assert Attendance.objects.filter(session=live_session, person=ana).count() == 1

    page = again.content.decode()
    out = client.post(
        reverse("trainings:roster_check_out", args=[live_session.code]),
        {"attendance": form_value(page, "attendance", "Ana")},
        follow=True,
    )
    assert "Ana is checked out." in out.content.decode()
    assert "left at" in out.content.decode()
    attendance.refresh_from_db()
    assert attendance.checked_out_at is not None


@pytest.mark.parametrize("field", ["registration", "attendance"])
@pytest.mark.parametrize("value", ["", "nope", "0" * 10, "x" * 5000])
def test_an_unknown_row_is_not_found_and_changes_nothing(
    client, live_session, facilitator, ana, field, value
):
    sign_in_with_mfa(client, facilitator)
    name = "roster_check_in" if field == "registration" else "roster_check_out"
    response = client.post(reverse(f"trainings:{name}", args=[live_session.code]), {field: value})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_row_of_another_session_is_not_found(client, live_session, facilitator, organization):
    from .conftest import happening_session

    elsewhere = happening_session(organization, title="Another room")
    stranger = make_user("stranger@example.org")
    services.register(stranger, elsewhere)
    registration = stranger.session_registrations.get()
    sign_in_with_mfa(client, facilitator)
    response = client.post(
        reverse("trainings:roster_check_in", args=[live_session.code]),
        {"registration": registration.code},
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_closed_session_refuses_check_in_with_a_message(client, live_session, facilitator, ana):
    sign_in_with_mfa(client, facilitator)
    registration = form_value(roster_of(client, live_session), "registration", "Ana")
    live_session.status = "closed"
    live_session.save()
    response = client.post(
        reverse("trainings:roster_check_in", args=[live_session.code]),
        {"registration": registration},
        follow=True,
    )
    assert "This session is closed." in response.content.decode()
    assert not Attendance.objects.exists()


def test_before_check_in_opens_the_roster_says_when_it_does(client, organization, facilitator):
    from tests.trainings.conftest import make_session

    next_week = make_session(organization, title="Next week")
    next_week.facilitators.add(facilitator)
    sign_in_with_mfa(client, facilitator)
    page = roster_of(client, next_week)
    assert "Check-in opens one hour before the session starts." in page
    assert "<svg" not in page


def test_the_roster_of_a_full_room_takes_the_same_few_queries(client, live_session, facilitator):
    sign_in_with_mfa(client, facilitator)
    live_session.capacity = 200
    live_session.save()
    for n in range(30):
        person = make_user(f"p{n}@example.org", group=None)
        services.register(person, live_session)
        if n % 2:
            checkin.check_in(live_session, person, Attendance.Method.DOOR_QR)
    with CaptureQueriesContext(connection) as small:
        roster_of(client, live_session)
    for n in range(30, 60):
        services.register(make_user(f"p{n}@example.org", group=None), live_session)
    with CaptureQueriesContext(connection) as large:
        page = roster_of(client, live_session)
    assert page.count('class="roster-row"') == 60
    assert len(large) == len(small)


def test_the_session_page_leads_the_facilitator_to_the_roster_and_others_to_check_in(
    client, live_session, facilitator, ana
):
    detail = reverse("trainings:detail", args=[live_session.code])
    roster = reverse("trainings:roster", args=[live_session.code])
    client.force_login(ana)
    page = client.get(detail).content.decode()
    assert roster not in page
    assert reverse("trainings:check_in_by_code") in page
    sign_in_with_mfa(client, facilitator)
    assert f'href="{roster}"' in client.get(detail).content.decode()


def started_an_hour_ago(organization, facilitator):
    import datetime

    from django.utils import timezone

    from tests.trainings.conftest import make_session

    start = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    session = make_session(
        organization, start=start, registration_opens=start - datetime.timedelta(days=2)
    )
    session.facilitators.add(facilitator)
    return session


def test_someone_who_left_early_and_came_back_is_checked_back_in(client, organization, facilitator):
    import datetime

    from trainings import closing

    session = started_an_hour_ago(organization, facilitator)
    ana = make_user("ana.back@example.org", display_name="Ana")
    record = Attendance.objects.create(
        session=session,
        person=ana,
        method=Attendance.Method.FACILITATOR,
        checked_in_at=session.start,
        checked_out_at=session.start + datetime.timedelta(minutes=30),
    )
    sign_in_with_mfa(client, facilitator)
    page = roster_of(client, session)
    assert "left at" in page and "Back in" in page

    response = client.post(
        reverse("trainings:roster_back_in", args=[session.code]),
        {"attendance": form_value(page, "attendance", "Ana")},
        follow=True,
    )
    page = response.content.decode()
    assert "Ana is back in." in page
    assert "away 30 minutes" in page
    record.refresh_from_db()
    assert record.checked_out_at is None and record.minutes_away == 30
    assert Attendance.objects.filter(session=session, person=ana).count() == 1

    # Present 30 minutes, away 30, back for the last hour: 90 of the 120 minutes.
    assert closing.default_minutes(record, session) == 90
    again = client.post(
        reverse("trainings:roster_back_in", args=[session.code]),
        {"attendance": record.code},
        follow=True,
    )
    assert "Ana had not checked out." in again.content.decode()
    record.refresh_from_db()
    assert record.minutes_away == 30


def test_the_stretches_add_up_however_often_someone_leaves(organization, facilitator):
    import datetime

    from trainings import closing

    session = started_an_hour_ago(organization, facilitator)
    minute = datetime.timedelta(minutes=1)
    start = session.start
    record = checkin.check_in(
        session, make_user("lee@example.org"), Attendance.Method.DOOR_QR, now=start + 5 * minute
    ).attendance
    checkin.check_out(record, now=start + 25 * minute)
    assert checkin.check_back_in(record, now=start + 40 * minute)
    checkin.check_out(record, now=start + 50 * minute)
    assert checkin.check_back_in(record, now=start + 55 * minute)
    checkin.check_out(record, now=start + 100 * minute)
    record.refresh_from_db()
    assert record.minutes_away == 15 + 5
    # 5 to 25, 40 to 50 and 55 to 100: 20 + 10 + 45 minutes.
    assert closing.default_minutes(record, session) == 75


def test_a_closed_session_refuses_back_in(client, organization, facilitator):
    import datetime

    from trainings.models import TrainingSession

    session = started_an_hour_ago(organization, facilitator)
    record = Attendance.objects.create(
        session=session,
        person=make_user("kim@example.org", display_name="Kim"),
        method=Attendance.Method.FACILITATOR,
        checked_in_at=session.start,
        checked_out_at=session.start + datetime.timedelta(minutes=10),
    )
    TrainingSession.objects.filter(pk=session.pk).update(status="closed")
    sign_in_with_mfa(client, facilitator)
    response = client.post(
        reverse("trainings:roster_back_in", args=[session.code]),
        {"attendance": record.code},
        follow=True,
    )
    assert "This session is closed." in response.content.decode()
    record.refresh_from_db()
    assert record.checked_out_at is not None and record.minutes_away == 0

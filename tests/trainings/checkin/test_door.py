"""The door QR code: read from the roster, opened on a phone, signed in or signed up on the
way, checked in once; a code photographed and opened later is refused with what to do."""

import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from tests.conftest import PASSWORD, sign_in_with_mfa
from trainings import door
from trainings.models import Attendance

from .conftest import decode_svg_qr, svg_in

pytestmark = pytest.mark.django_db

EXPIRED = "This check-in code has expired: it changes every minute. Scan the code at the door"


def door_path_on_roster(client, facilitator, session) -> str:
    """What a camera reads from the QR code on the facilitator's roster, as a path."""
    sign_in_with_mfa(client, facilitator)
    page = client.get(reverse("trainings:roster", args=[session.code])).content.decode()
    client.logout()
    [link] = decode_svg_qr(svg_in(page))
    assert link.startswith("http://testserver/trainings/")
    return link.removeprefix("http://testserver")


def stamp_made_seconds_ago(monkeypatch, session, seconds: int) -> str:
    """A door link shown on the screen `seconds` ago (the signer's clock set back meanwhile)."""
    shown_at = time.time() - seconds
    with monkeypatch.context() as clock:
        clock.setattr(signing.time, "time", lambda: shown_at)
        stamp = door.new_stamp(session)
    return reverse("trainings:door_check_in", args=[session.code, stamp])


def test_a_signed_in_person_scans_confirms_and_is_checked_in_once(
    client, live_session, facilitator, ana
):
    path = door_path_on_roster(client, facilitator, live_session)
    client.force_login(ana)

    page = client.get(path).content.decode()
    assert "You are signed in as Ana." in page
    assert "Check me in" in page
    assert not Attendance.objects.exists()  # opening the link changes nothing

    response = client.post(path, follow=True)
    assert "You are checked in. Welcome!" in response.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.method) == (ana, Attendance.Method.DOOR_QR)

    assert "You are already checked in" in client.get(path).content.decode()
    again = client.post(path, follow=True)
    assert "You are already checked in (since" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_a_code_photographed_and_opened_later_is_refused(monkeypatch, client, live_session, ana):
    client.force_login(ana)
    path = stamp_made_seconds_ago(monkeypatch, live_session, door.DOOR_LINK_SECONDS + 1)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        page = response.content.decode()
        assert EXPIRED in page
        assert "ask the facilitator to check you in" in page
    assert not Attendance.objects.exists()


def test_a_code_shown_a_minute_and_a_half_ago_still_works(monkeypatch, client, live_session, ana):
    client.force_login(ana)
    path = stamp_made_seconds_ago(monkeypatch, live_session, 90)
    client.post(path)
    assert Attendance.objects.filter(person=ana, method="door_qr").count() == 1


@pytest.mark.parametrize("stamp", ["x", "1tXyZ.AAAA", "." * 300])
def test_a_broken_link_is_refused_with_what_to_do(client, live_session, ana, stamp):
    client.force_login(ana)
    response = client.post(reverse("trainings:door_check_in", args=[live_session.code, stamp]))
    assert response.status_code == 400
    assert "Scan the code at the door again" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_stamp_of_another_session_does_not_open_this_one(client, organization, live_session, ana):
    from .conftest import happening_session

    other = happening_session(organization, title="Upstairs")
    client.force_login(ana)
    stamp = door.new_stamp(other)
    response = client.post(reverse("trainings:door_check_in", args=[live_session.code, stamp]))
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_signed_out_person_signs_in_and_comes_back_to_check_in(
    monkeypatch, client, live_session, facilitator, ana
):
    path = door_path_on_roster(client, facilitator, live_session)
    page = client.get(path).content.decode()
    assert "Create an account" in page and "Sign in" in page
    assert f'href="{reverse("account_login")}?next={path}"' in page.replace("%2F", "/")

    signed_in = client.post(
        f"{reverse('account_login')}?next={path}", {"login": ana.email, "password": PASSWORD}
    )
    assert signed_in["Location"] == path
    # Signing in took a while: the code on the screen has changed since. The door pass this
    # browser got when it opened the link still counts.
    later = stamp_made_seconds_ago(monkeypatch, live_session, door.DOOR_LINK_SECONDS + 60)
    response = client.post(later, follow=True)
    assert "You are checked in. Welcome!" in response.content.decode()
    assert Attendance.objects.get().person == ana


def test_without_having_opened_a_good_link_a_late_one_gets_no_pass(
    monkeypatch, client, live_session, ana
):
    client.force_login(ana)
    late = stamp_made_seconds_ago(monkeypatch, live_session, door.DOOR_LINK_SECONDS + 60)
    assert client.post(late).status_code == 410
    assert not Attendance.objects.exists()


def test_a_new_person_creates_an_account_in_one_form_and_is_checked_in(
    client, live_session, facilitator
):
    path = door_path_on_roster(client, facilitator, live_session)
    client.get(path)
    mail.outbox.clear()
    signup = client.post(
        f"{reverse('account_signup')}?next={path}",
        {"email": "new.person@example.org", "password1": PASSWORD, "display_name": "Noor"},
    )
    assert signup.status_code == 302
    confirm = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    confirmed = client.post(confirm.group(1))
    assert confirmed["Location"] == path  # allauth's flow keeps where they were going
    page = client.get(path).content.decode()
    assert "You are signed in as Noor." in page
    client.post(path)
    assert Attendance.objects.get().person.email == "new.person@example.org"


def test_before_check_in_opens_a_good_link_says_so(client, organization, ana):
    from tests.trainings.conftest import make_session

    next_week = make_session(organization, title="Next week")
    client.force_login(ana)
    path = reverse("trainings:door_check_in", args=[next_week.code, door.new_stamp(next_week)])
    response = client.post(path)
    assert response.status_code == 409
    assert "Check-in opens one hour before the session starts." in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_door_screen_renews_its_code_with_a_script_of_our_own(
    client, live_session, facilitator
):
    sign_in_with_mfa(client, facilitator)
    page = client.get(reverse("trainings:door", args=[live_session.code])).content.decode()
    assert decode_svg_qr(svg_in(page))[0].startswith(
        f"http://testserver/trainings/{live_session.code}/here/"
    )
    assert '<script src="/static/js/door-screen.js" defer></script>' in page
    assert "Show a new code" in page  # the same without JavaScript

"""Walk-ins: the facilitator adds someone by name, prints a card with a claim code, and the
person attaches the record to their account later at /trainings/claim/."""

import io
import re

import pypdf
import pytest
import weasyprint
from django.conf import settings as django_settings
from django.urls import reverse

from tests.conftest import sign_in_with_mfa
from trainings import checkin
from trainings.models import Attendance

from .conftest import happening_session

pytestmark = pytest.mark.django_db

CLAIM = "/trainings/claim/"


def add_walk_in(client, session, **fields):
    return client.post(reverse("trainings:walk_in", args=[session.code]), fields)


def card_code(page: str) -> str:
    return re.search(r'<strong class="big-code">([^<]+)</strong>', page).group(1)


def printed_text(page: str) -> str:
    """The card page as a printer puts it on paper (print styles applied)."""
    pdf = weasyprint.HTML(
        string=page, base_url=str(django_settings.BASE_DIR / "static"), media_type="print"
    ).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(django_settings.BASE_DIR / "static/css/site.css"))]
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages)


def test_a_walk_in_is_checked_in_and_gets_a_card_to_print(client, live_session, facilitator):
    sign_in_with_mfa(client, facilitator)
    response = add_walk_in(
        client, live_session, name="  Jo   Rivera ", email="Jo@Example.org", phone="555-123-4567"
    )
    walk_in = Attendance.objects.get()
    assert response["Location"] == reverse(
        "trainings:claim_card", args=[live_session.code, walk_in.code]
    )
    assert (walk_in.name, walk_in.email, walk_in.phone) == (
        "Jo Rivera",
        "jo@example.org",
        "555-123-4567",
    )
    assert walk_in.person is None and walk_in.recorded_by == facilitator
    assert len(walk_in.claim_code) == 10

    card = client.get(response["Location"]).content.decode()
    assert "Jo Rivera" in card
    assert card_code(card).replace("-", "") == walk_in.claim_code
    assert "http://testserver/trainings/claim/" in card

    on_paper = printed_text(card)
    assert "Jo Rivera" in on_paper and card_code(card) in on_paper
    assert "Back to the roster" not in on_paper and "Open Door" not in on_paper.split("Jo")[0]

    roster = client.get(reverse("trainings:roster", args=[live_session.code])).content.decode()
    others = roster[roster.index("without registering") : roster.index("Add a walk-in")]
    assert "Jo Rivera" in others and "walk-in" in others and "Print card" in others


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"name": "Jo", "email": "not-an-address"}, "Enter an email address like"),
        ({"name": "Jo", "email": "a" * 250 + "@example.org"}, "at most 254 characters"),
        ({"name": "Jo", "phone": "call me"}, "Write a phone number with digits only"),
        ({"name": "Jo", "phone": "12"}, "Write a phone number with digits only"),
    ],
)
def test_bad_walk_in_details_are_said_and_nothing_is_added(
    client, live_session, facilitator, fields, said
):
    sign_in_with_mfa(client, facilitator)
    response = add_walk_in(client, live_session, **fields)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_card_of_another_session_or_a_claimed_record_is_not_found(
    client, organization, live_session, facilitator, learner
):
    elsewhere = happening_session(organization, title="Upstairs")
    theirs = checkin.add_walk_in(elsewhere, name="Lee")
    ours = checkin.add_walk_in(live_session, name="Jo")
    checkin.claim(learner, ours.claim_code)
    sign_in_with_mfa(client, facilitator)
    for walk_in in (theirs, ours):
        card = reverse("trainings:claim_card", args=[live_session.code, walk_in.code])
        assert client.get(card).status_code == 404


def test_the_person_claims_the_record_with_the_code_on_the_card(client, live_session, learner):
    walk_in = checkin.add_walk_in(live_session, name="Sam Ortiz")
    client.force_login(learner)
    typed = f"{walk_in.claim_code[:5].lower()} {walk_in.claim_code[5:]}"
    response = client.post(CLAIM, {"code": typed}, follow=True)
    assert f"Your attendance at “{live_session.title}” is now in your account." in (
        response.content.decode()
    )
    walk_in.refresh_from_db()
    assert walk_in.person == learner and walk_in.claimed_at is not None


def test_a_code_works_once(client, live_session, learner, outsider):
    walk_in = checkin.add_walk_in(live_session, name="Sam Ortiz")
    checkin.claim(learner, walk_in.claim_code)
    client.force_login(outsider)
    page = client.post(CLAIM, {"code": walk_in.claim_code}).content.decode()
    assert "This code was already used. Each card can be used once." in page
    walk_in.refresh_from_db()
    assert walk_in.person == learner


def test_someone_already_checked_in_keeps_their_record_and_the_card_is_left_alone(
    client, live_session, ana
):
    scanned = checkin.check_in(live_session, ana, Attendance.Method.DOOR_QR).attendance
    walk_in = checkin.add_walk_in(live_session, name="Ana again")
    client.force_login(ana)
    page = client.post(CLAIM, {"code": walk_in.claim_code}).content.decode()
    assert "You already have an attendance record for" in page
    assert "nothing was changed" in page
    walk_in.refresh_from_db()
    scanned.refresh_from_db()
    assert walk_in.person is None and walk_in.claimed_at is None
    assert scanned.person == ana and Attendance.objects.count() == 2


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "This field is required."),
        ("ABC", "A claim code has 10 letters and numbers."),
        ("ZZZZZ-ZZZZZ", "No record has this code."),
    ],
)
def test_a_wrong_code_is_said_plainly(client, learner, typed, said):
    client.force_login(learner)
    response = client.post(CLAIM, {"code": typed})
    assert response.status_code == 200
    assert said in response.content.decode()


def test_guessing_codes_is_limited(settings, client, live_session, learner):
    settings.TRAININGS_CODE_FAILURES_PER_ACCOUNT = 3
    walk_in = checkin.add_walk_in(live_session, name="Sam Ortiz")
    client.force_login(learner)
    for _ in range(3):
        client.post(CLAIM, {"code": "ZZZZZZZZZZ"})
    assert client.post(CLAIM, {"code": walk_in.claim_code}).status_code == 429
    walk_in.refresh_from_db()
    assert walk_in.person is None


def test_signed_out_people_sign_in_first(client):
    assert client.get(CLAIM)["Location"] == f"{reverse('account_login')}?next={CLAIM}"

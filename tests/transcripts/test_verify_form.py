"""The public /verify/ form takes a transcript's code as well as a certificate's, and leads to
the right page; a code nobody issued gets a clear message on the form; the form stays
rate-limited like the pages it leads to."""

import pytest
from django.urls import reverse

from certificates.views import VERIFY_LIMIT
from tests.lms.conftest import certify
from transcripts import issuing

from .conftest import course_with_hours, days_ago

pytestmark = pytest.mark.django_db

FORM = reverse("certificates:verify_form")


@pytest.fixture
def transcript(learner):
    learner.certificate_name = "Sam Rivera"
    learner.save(update_fields=["certificate_name"])
    certify(learner, course_with_hours("Peer law and ethics", "2"), completed_at=days_ago(3))
    return issuing.issue_transcript(learner, "en")


def test_a_transcript_code_typed_into_the_form_opens_the_transcripts_page(client, transcript):
    typed = " " + transcript.code.lower()[:6] + " " + transcript.code.lower()[6:]

    response = client.get(FORM, {"code": typed}, follow=True)

    assert response.redirect_chain == [
        (reverse("transcripts:verify", args=[transcript.display_code]), 302)
    ]
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam Rivera" in page and "Peer law and ethics" in page


def test_a_certificate_code_still_opens_the_certificates_page(client, learner, transcript):
    certificate = certify(learner, course_with_hours("Naloxone", "1"))

    response = client.get(FORM, {"code": certificate.code})

    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.display_code])


def test_an_unknown_code_is_a_clear_message_on_the_form(client, transcript):
    response = client.get(FORM, {"code": "K7M2-Q9XW-4BTR"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "We have no certificate or transcript with the code K7M2-Q9XW-4BTR." in page
    assert 'name="code"' in page and 'value="K7M2-Q9XW-4BTR"' in page
    assert response["X-Robots-Tag"].startswith("noindex")


def test_the_form_is_rate_limited_for_transcript_codes_too(client, transcript):
    # Twice the limit and one: however the requests fall across the minute's windows, one
    # window gets more than the limit.
    statuses = [
        client.get(FORM, {"code": transcript.code}).status_code for _ in range(2 * VERIFY_LIMIT + 1)
    ]

    assert statuses[0] == 302
    assert 429 in statuses
    assert set(statuses) == {302, 429}

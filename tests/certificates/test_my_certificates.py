"""The learner's certificates page: the list, the name for certificates, the dashboard include."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import certificates_for_learner
from tests.certificates.conftest import complete

pytestmark = pytest.mark.django_db

MINE = reverse("certificates:mine")
SAVE_NAME = reverse("certificates:save_name")


def test_it_lists_the_learners_certificates_with_download_links(client, certificate):
    client.force_login(certificate.learner)
    page = client.get(MINE).content.decode()
    assert "Naloxone basics" in page
    assert reverse("certificates:download", args=[certificate.display_code]) in page
    assert certificate.display_code in page


def test_it_needs_a_signed_in_learner(client, db):
    assert client.get(MINE).status_code == 302


def test_a_learner_without_a_name_is_asked_for_it_with_a_reason(client, learner, course):
    complete(learner, course)
    client.force_login(learner)
    page = client.get(MINE).content.decode()
    assert "One certificate is waiting for you." in page
    assert "please tell us the name to print on your certificates" in page
    assert 'name="certificate_name"' in page
    assert not Certificate.objects.exists()


def test_saving_the_name_makes_the_waiting_certificates(
    client, learner, course, django_capture_on_commit_callbacks
):
    complete(learner, course)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SAVE_NAME, {"certificate_name": "Zoë Ødegård"})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.learner_name == "Zoë Ødegård"
    page = client.get(MINE).content.decode()
    assert "Zoë Ødegård" in page
    assert "waiting for you" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("Sam\u0000Rivera", "Null characters are not allowed."),
        ("Sam\u0007Rivera", "remove any hidden characters"),
        ("Sam\u202eRivera", "remove any hidden characters"),
        ("x" * 121, "at most 120 characters"),
        ("... --", "Please enter your name."),
    ],
)
def test_the_name_is_checked(client, learner, typed, message):
    client.force_login(learner)
    response = client.post(SAVE_NAME, {"certificate_name": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    learner.refresh_from_db()
    assert learner.certificate_name == ""


def test_spaces_around_and_inside_the_name_are_tidied(client, learner):
    client.force_login(learner)
    client.post(SAVE_NAME, {"certificate_name": "  Sam   Rivera "})
    learner.refresh_from_db()
    assert learner.certificate_name == "Sam Rivera"


def test_html_in_a_name_is_refused_with_a_message_and_echoed_escaped(client, learner):
    client.force_login(learner)
    response = client.post(SAVE_NAME, {"certificate_name": "<b>Sam</b> & Co"})
    page = response.content.decode()
    assert "Please type the name as plain text" in page
    assert "&lt;b&gt;Sam&lt;/b&gt; &amp; Co" in page
    learner.refresh_from_db()
    assert learner.certificate_name == ""


def test_an_ampersand_in_a_name_is_kept(client, learner):
    client.force_login(learner)
    client.post(SAVE_NAME, {"certificate_name": "Sam & Co"})
    learner.refresh_from_db()
    assert learner.certificate_name == "Sam & Co"
    assert "Sam &amp; Co" in client.get(MINE).content.decode()


def test_saving_the_name_is_post_only(client, learner):
    client.force_login(learner)
    assert client.get(SAVE_NAME).status_code == 405


def test_changing_the_name_does_not_touch_issued_certificates(client, certificate):
    client.force_login(certificate.learner)
    client.post(SAVE_NAME, {"certificate_name": "New Name"})
    certificate.refresh_from_db()
    assert certificate.learner_name != "New Name"


def test_superseded_versions_are_not_listed(certificate):
    from certificates.services import correct_name

    new = correct_name(certificate, "Samantha Rivera", by=None)
    assert certificates_for_learner(certificate.learner) == [new]


def test_the_dashboard_include_renders_from_certificates_alone(certificate):
    request = RequestFactory().get("/")
    request.user = certificate.learner
    html = render_to_string(
        "certificates/includes/learner_certificates.html",
        {"certificates": certificates_for_learner(certificate.learner), "user": request.user},
        request=request,
    )
    assert "Naloxone basics" in html
    assert "Download PDF" in html

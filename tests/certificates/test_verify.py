"""The public verification form and page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from tests.certificates.conftest import LEARNER_NAME

pytestmark = pytest.mark.django_db


def verify_url(code):
    return reverse("certificates:verify", args=[code])


def test_the_form_accepts_any_case_dashes_and_spaces(client, certificate):
    typed = " " + certificate.code.lower()[:4] + " - " + certificate.code.lower()[4:] + " "
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.display_code)


def test_the_form_explains_a_badly_formed_code(client, db):
    response = client.get(reverse("certificates:verify_form"), {"code": "12345"})
    assert response.status_code == 200
    assert "A certificate code has 12 letters and numbers" in response.content.decode()


def test_the_form_is_plain_on_first_visit(client, db):
    page = client.get(reverse("certificates:verify_form")).content.decode()
    assert 'name="code"' in page
    assert "errorlist" not in page and 'class="error"' not in page


def test_the_page_redirects_other_spellings_to_the_canonical_address(client, certificate):
    response = client.get(verify_url(certificate.code.lower()))
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate.display_code)


def test_the_page_shows_only_what_the_certificate_states(client, certificate):
    response = client.get(verify_url(certificate.display_code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in page
    for expected in [LEARNER_NAME, "Naloxone basics", "1.5", "Open Door", "Valid until"]:
        assert expected in page
    assert certificate.learner.email not in page
    assert "Sam" not in page.replace("Samantha", "")  # not the display name either
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_revoked_certificate_says_revoked(client, certificate):
    services.revoke_certificate(certificate, reason="Attendance not verified", by=None)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert "This certificate was revoked" in page
    assert "Attendance not verified" not in page  # the reason is for staff


def test_an_expired_certificate_says_expired_even_before_the_daily_job(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert "This certificate expired on" in page
    assert "Expired" in page


def test_a_superseded_certificate_points_to_its_replacement(client, certificate):
    new = services.correct_name(certificate, "Samantha Rivera", by=None)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert f"Superseded by {new.display_code}" in page
    assert verify_url(new.display_code) in page


def test_html_in_a_name_is_escaped_on_the_page(client, named_learner, course):
    from tests.certificates.conftest import issue

    named_learner.certificate_name = '<script>alert(1)</script> & "Jo"'
    named_learner.save()
    certificate = issue(named_learner, course)
    page = client.get(verify_url(certificate.display_code)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jo&quot;" in page


def test_an_unknown_code_is_a_plain_404(client, db):
    response = client.get(verify_url("0000-0000-0000"))
    assert response.status_code == 404
    assert "Certificate not found" in response.content.decode()


def view_queries(captured) -> list[str]:
    # Wagtail's RedirectMiddleware looks for a redirect on every 404 of the site; that lookup
    # is not the view's and is left out here.
    return [q["sql"] for q in captured.captured_queries if "wagtailredirects" not in q["sql"]]


def test_unknown_and_found_codes_cost_the_view_the_same_queries(client, certificate):
    client.get(verify_url("1111-1111-1111"))  # warm one-off lookups (the site)
    with CaptureQueriesContext(connection) as found:
        assert client.get(verify_url(certificate.display_code)).status_code == 200
    with CaptureQueriesContext(connection) as unknown:
        assert client.get(verify_url("0000-0000-0000")).status_code == 404
    assert len(view_queries(found)) == len(view_queries(unknown))
    lookups = [sql for sql in view_queries(unknown) if "certificates_certificate" in sql]
    assert len(lookups) == 1


def checked(client, certificate) -> str:
    return client.get(verify_url(certificate.display_code)).content.decode()


def test_a_revocation_shows_on_the_next_check(client, certificate):
    assert "This certificate is valid." in checked(client, certificate)

    services.revoke_certificate(certificate, reason="Attendance not verified", by=None)

    assert "This certificate was revoked" in checked(client, certificate)


def test_a_correction_shows_on_the_next_check(client, certificate):
    assert "This certificate is valid." in checked(client, certificate)

    new = services.correct_name(certificate, "Samantha Rivera", by=None)

    assert f"Superseded by {new.display_code}" in checked(client, certificate)


def test_the_daily_expiry_shows_on_the_next_check(client, certificate):
    assert "This certificate is valid." in checked(client, certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )

    assert services.expire_certificates() == 1

    assert "This certificate expired on" in checked(client, certificate)


def test_a_signed_in_check_is_not_kept_for_visitors(client, certificate, named_learner):
    client.force_login(named_learner)
    assert "Sign out" in checked(client, certificate)
    client.logout()

    page = checked(client, certificate)
    assert "Sign out" not in page
    assert "Sign in" in page

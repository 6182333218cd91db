"""The certificates screens in Wagtail: staff only, read-only records, revoke, corrections,
approvals and the preview."""

import datetime

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Approval, Certificate, NameCorrectionRequest
from tests.conftest import make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, site_admin):
    sign_in_with_mfa(client, site_admin)
    return client


def test_staff_see_the_certificates_list_and_a_certificate(staff_client, certificate):
    page = staff_client.get(reverse("certificates_certificate:index")).content.decode()
    assert certificate.display_code in page
    inspect = staff_client.get(reverse("certificates_certificate:inspect", args=[certificate.pk]))
    assert inspect.status_code == 200
    assert certificate.pdf_sha256 in inspect.content.decode()


def test_nobody_edits_or_deletes_an_issued_certificate_in_the_admin(client, certificate):
    root = make_user("root@example.org", group=None, is_superuser=True, is_staff=True)
    sign_in_with_mfa(client, root)
    for name in ("edit", "delete"):
        url = reverse(f"certificates_certificate:{name}", args=[certificate.pk])
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {}).status_code in (302, 403)
    assert client.get(reverse("certificates_certificate:add")).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_trainers_cannot_reach_the_certificates_screens(client, cms_trainer, certificate):
    sign_in_with_mfa(client, cms_trainer)
    for url in [
        reverse("certificates_certificate:index"),
        reverse("certificates_certificate:revoke", args=[certificate.pk]),
        reverse("certificates_preview"),
    ]:
        assert client.get(url).status_code in (302, 403)


def test_staff_revoke_with_a_reason(staff_client, certificate, site_admin):
    url = reverse("certificates_certificate:revoke", args=[certificate.pk])
    assert "Reason" in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"reason": ""}).status_code == 200  # the form asks again
    response = staff_client.post(url, {"reason": "Attendance not verified"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == site_admin


def test_staff_approve_a_name_correction(staff_client, certificate):
    correction = services.request_name_correction(certificate, certificate.learner, "Sam Riviera")
    index = staff_client.get(reverse("certificates_namecorrectionrequest:index")).content.decode()
    assert "Sam Riviera" in index
    url = reverse("certificates_namecorrectionrequest:approve", args=[correction.pk])
    assert "Sam Riviera" in staff_client.get(url).content.decode()
    assert staff_client.post(url).status_code == 302
    correction.refresh_from_db()
    assert correction.status == NameCorrectionRequest.Status.APPROVED
    assert correction.new_certificate.learner_name == "Sam Riviera"


def test_staff_decline_a_name_correction_with_a_reason(staff_client, certificate):
    correction = services.request_name_correction(certificate, certificate.learner, "Sam Riviera")
    url = reverse("certificates_namecorrectionrequest:decline", args=[correction.pk])
    assert staff_client.post(url, {"note": "Does not match our records"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == NameCorrectionRequest.Status.REJECTED
    assert Certificate.objects.count() == 1


def test_staff_add_an_approval_covering_a_course(staff_client, course):
    response = staff_client.post(
        reverse("certificates_approval:add"),
        {
            "approving_body": "CCAPP",
            "provider_number": "4N-00-000-0000",
            "statement": "Provider approved by CCAPP, Provider Number 4N-00-000-0000.",
            "language": "en",
            "kind": "completion",
            "valid_from": "2026-01-01",
            "valid_until": "",
            "courses": [course.pk],
        },
    )
    assert response.status_code == 302
    approval = Approval.objects.get()
    assert list(approval.courses.all()) == [course]


def test_an_approval_cannot_end_before_it_starts(staff_client):
    response = staff_client.post(
        reverse("certificates_approval:add"),
        {
            "approving_body": "CCAPP",
            "statement": "Approved.",
            "kind": "completion",
            "valid_from": "2026-01-01",
            "valid_until": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert not Approval.objects.exists()


def test_the_preview_button_renders_sample_data(staff_client, course):
    index = staff_client.get(reverse("certificates_approval:index")).content.decode()
    assert reverse("certificates_preview") in index
    response = staff_client.get(reverse("certificates_preview"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    per_course = staff_client.get(reverse("certificates_preview"), {"course": course.pk})
    assert per_course.status_code == 200


def test_a_course_override_replaces_the_signatory(staff_client, course, named_learner):
    from certificates.models import CourseCertificateSettings
    from tests.certificates.conftest import issue

    CourseCertificateSettings.objects.create(
        course=course, signatory_name="Dr. Ada Lee", issuer_name="Valley Health"
    )
    certificate = issue(named_learner, course, when=None)
    assert certificate.signatory_name == "Dr. Ada Lee"
    assert certificate.issuer_name == "Valley Health"


def test_site_settings_set_issuer_and_signatory(db, course, named_learner):
    from wagtail.models import Site

    from certificates.models import CertificateSettings
    from tests.certificates.conftest import issue

    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.issuer_name = "River Valley Coalition"
    settings.signatory_name = "Robin Park"
    settings.signatory_title = "Director"
    settings.save()
    certificate = issue(named_learner, course)
    assert (certificate.issuer_name, certificate.signatory_name) == (
        "River Valley Coalition",
        "Robin Park",
    )


def test_log_actions_have_labels(staff_client, certificate):
    from wagtail.log_actions import registry

    for action in [
        "certificates.issue",
        "certificates.correct",
        "certificates.supersede",
        "certificates.revoke",
        "certificates.expire",
        "certificates.correction_request",
        "certificates.correction_reject",
    ]:
        assert registry.action_exists(action)
    history = staff_client.get(reverse("certificates_certificate:history", args=[certificate.pk]))
    assert history.status_code == 200
    assert "Issued certificate" in history.content.decode()


def test_approvals_show_only_while_current():
    approval = Approval(
        valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2026, 12, 31)
    )
    assert approval.is_current_on(datetime.date(2026, 6, 1))
    assert not approval.is_current_on(datetime.date(2027, 1, 1))


@pytest.mark.parametrize(
    "url_name",
    [
        "certificates_certificate:index",
        "certificates_namecorrectionrequest:index",
        "certificates_approval:index",
        "certificates_approval:add",
        "certificates_coursesettings:index",
        "certificates_coursesettings:add",
    ],
)
def test_the_admin_screens_open_for_staff(staff_client, certificate, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_the_certificate_settings_open_for_staff(staff_client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["certificates", "certificatesettings", site.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "Signatory" in response.content.decode()

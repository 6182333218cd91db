"""Name corrections (learner asks, staff approve or decline) and revocation."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate, NameCorrectionRequest

pytestmark = pytest.mark.django_db


def correction_url(certificate):
    return reverse("certificates:request_correction", args=[certificate.display_code])


def test_the_learner_asks_for_a_correction(client, certificate):
    client.force_login(certificate.learner)
    assert "Correct the name" in client.get(correction_url(certificate)).content.decode()
    response = client.post(
        correction_url(certificate), {"requested_name": "Samantha Q. Riviera", "note": "typo"}
    )
    assert response.status_code == 302
    correction = NameCorrectionRequest.objects.get()
    assert correction.requested_name == "Samantha Q. Riviera"
    assert correction.is_pending
    assert ModelLogEntry.objects.filter(action="certificates.correction_request").exists()


def test_asking_twice_keeps_one_pending_request(client, certificate):
    client.force_login(certificate.learner)
    client.post(correction_url(certificate), {"requested_name": "Samantha Riviera"})
    client.post(correction_url(certificate), {"requested_name": "Samantha Riviera"})
    assert NameCorrectionRequest.objects.count() == 1


def test_someone_else_cannot_ask_for_a_correction(client, certificate, outsider, site_admin):
    for user in (outsider, site_admin):
        client.force_login(user)
        assert client.get(correction_url(certificate)).status_code == 404
        assert client.post(correction_url(certificate), {"requested_name": "X"}).status_code == 404
    assert not NameCorrectionRequest.objects.exists()


def test_the_requested_name_is_validated(client, certificate):
    client.force_login(certificate.learner)
    response = client.post(correction_url(certificate), {"requested_name": "Sam\u200bRivera"})
    assert response.status_code == 200
    assert "hidden characters" in response.content.decode()
    assert not NameCorrectionRequest.objects.exists()


def test_approving_issues_a_new_certificate_that_supersedes_the_old(certificate, site_admin):
    correction = services.request_name_correction(
        certificate, certificate.learner, "Samantha Q. Riviera"
    )
    new = services.approve_name_correction(correction, by=site_admin)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert certificate.learner_name != new.learner_name  # the old record is not edited
    assert new.replaces == certificate
    assert new.learner_name == "Samantha Q. Riviera"
    assert new.code != certificate.code
    assert (new.course_title, new.completed_at, new.valid_until) == (
        certificate.course_title,
        certificate.completed_at,
        certificate.valid_until,
    )
    assert new.pdf.name != certificate.pdf.name
    correction.refresh_from_db()
    assert correction.status == NameCorrectionRequest.Status.APPROVED
    assert correction.new_certificate == new
    new.learner.refresh_from_db()
    assert new.learner.certificate_name == "Samantha Q. Riviera"
    actions = set(ModelLogEntry.objects.filter(user=site_admin).values_list("action", flat=True))
    assert {"certificates.supersede", "certificates.correct"} <= actions


def test_a_decided_request_cannot_be_decided_again(certificate, site_admin):
    correction = services.request_name_correction(certificate, certificate.learner, "New Name")
    services.reject_name_correction(correction, by=site_admin, note="Matches the ID we hold.")
    with pytest.raises(services.CertificateError):
        services.approve_name_correction(correction, by=site_admin)
    assert Certificate.objects.count() == 1


def test_revoking_needs_a_reason_and_is_logged(certificate, site_admin):
    with pytest.raises(services.CertificateError):
        services.revoke_certificate(certificate, reason="  ", by=site_admin)
    services.revoke_certificate(certificate, reason="Completed by someone else", by=site_admin)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user == site_admin
    assert entry.data["reason"] == "Completed by someone else"


def test_a_revoked_certificate_cannot_be_corrected_or_revoked_again(certificate, site_admin):
    services.revoke_certificate(certificate, reason="Fraud", by=site_admin)
    with pytest.raises(services.CertificateError):
        services.correct_name(certificate, "Other", by=site_admin)
    with pytest.raises(services.CertificateError):
        services.revoke_certificate(certificate, reason="Again", by=site_admin)


def test_revoking_declines_pending_corrections(certificate, site_admin):
    correction = services.request_name_correction(certificate, certificate.learner, "New Name")
    services.revoke_certificate(certificate, reason="Fraud", by=site_admin)
    correction.refresh_from_db()
    assert correction.status == NameCorrectionRequest.Status.REJECTED

"""Renewal: once a certificate is expired or within 60 days of it, the learner may retake the
course; the link in the reminder email leads there."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import can_renew
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


def with_valid_until(certificate, day):
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=day)
    certificate.refresh_from_db()
    return certificate


def test_renewal_opens_60_days_before_expiry(certificate):
    expiry = datetime.date(2028, 6, 1)
    with_valid_until(certificate, expiry)
    assert not can_renew(certificate, today=expiry - datetime.timedelta(days=61))
    assert can_renew(certificate, today=expiry - datetime.timedelta(days=60))
    assert can_renew(certificate, today=expiry + datetime.timedelta(days=30))


def test_certificates_that_never_expire_are_not_renewed(certificate):
    with_valid_until(certificate, None)
    assert not can_renew(certificate, today=datetime.date(2100, 1, 1))


def test_a_renewed_certificate_is_not_renewed_again(certificate, enrollment):
    from certificates import services

    with_valid_until(certificate, datetime.date.today())
    Enrollment.objects.filter(pk=enrollment.pk).update(
        completed_at=enrollment.completed_at + datetime.timedelta(days=1)
    )
    services.issue_certificate(enrollment.pk)
    assert not can_renew(certificate)


def test_the_renew_link_takes_the_learner_to_the_course(client, certificate, course):
    course.save_revision().publish()
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=10))
    client.force_login(certificate.learner)
    response = client.get(reverse("certificates:renew", args=[certificate.display_code]))
    assert response.status_code == 302
    assert response["Location"] == course.url


def test_the_renew_link_explains_when_it_is_too_early(client, certificate):
    client.force_login(certificate.learner)
    response = client.get(
        reverse("certificates:renew", args=[certificate.display_code]), follow=True
    )
    assert "You can renew this certificate from" in response.content.decode()


def test_only_the_learner_follows_the_renew_link(client, certificate, outsider):
    client.force_login(outsider)
    response = client.get(reverse("certificates:renew", args=[certificate.display_code]))
    assert response.status_code == 404


def test_the_renew_link_shows_only_once_renewal_opens(client, certificate):
    client.force_login(certificate.learner)
    renew_url = reverse("certificates:renew", args=[certificate.display_code])
    assert renew_url not in client.get(reverse("certificates:mine")).content.decode()
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=30))
    assert renew_url in client.get(reverse("certificates:mine")).content.decode()

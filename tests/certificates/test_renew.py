"""Renewal: once a certificate is expired or within 60 days of it, the learner may retake the
course (a new enrolment cycle); completing it issues a new certificate. The reminder email links
to the certificate's card, whose "Renew" button posts here."""

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


def renew(client, certificate, **kwargs):
    return client.post(reverse("certificates:renew", args=[certificate.display_code]), **kwargs)


def cycles(certificate):
    return list(
        Enrollment.objects.filter(user=certificate.learner, course=certificate.course)
        .order_by("cycle")
        .values_list("cycle", "completed_at")
    )


@pytest.fixture
def live_course(course):
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def test_renewing_takes_the_learner_to_the_course(client, certificate, live_course):
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=10))
    client.force_login(certificate.learner)
    response = renew(client, certificate)
    assert response.status_code == 302
    assert response["Location"] == live_course.url


@pytest.mark.parametrize("days_left", [-30, 0, 10, 60])
def test_renewing_an_expired_or_expiring_certificate_starts_a_new_cycle(
    client, certificate, enrollment, live_course, days_left
):
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=days_left))
    client.force_login(certificate.learner)
    renew(client, certificate)
    assert cycles(certificate) == [(1, enrollment.completed_at), (2, None)]
    current = Enrollment.objects.current_for(certificate.learner, live_course)
    assert current.cycle == 2 and not current.lesson_progress.exists()


def test_a_certificate_valid_for_more_than_60_days_is_not_renewed(
    client, certificate, enrollment, live_course
):
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=61))
    client.force_login(certificate.learner)
    response = renew(client, certificate, follow=True)
    assert "You can renew this certificate from" in response.content.decode()
    assert cycles(certificate) == [(1, enrollment.completed_at)]


def test_renewing_is_post_only(client, certificate, live_course):
    with_valid_until(certificate, datetime.date.today())
    client.force_login(certificate.learner)
    response = client.get(reverse("certificates:renew", args=[certificate.display_code]))
    assert response.status_code == 405
    assert len(cycles(certificate)) == 1


def test_a_double_click_starts_one_new_cycle(client, certificate, enrollment, live_course):
    with_valid_until(certificate, datetime.date.today())
    client.force_login(certificate.learner)
    assert renew(client, certificate).status_code == 302
    assert renew(client, certificate).status_code == 302
    assert cycles(certificate) == [(1, enrollment.completed_at), (2, None)]


def test_the_renew_button_explains_when_it_is_too_early(client, certificate):
    client.force_login(certificate.learner)
    response = renew(client, certificate, follow=True)
    assert "You can renew this certificate from" in response.content.decode()


def test_only_the_learner_can_renew(client, certificate, outsider):
    with_valid_until(certificate, datetime.date.today())
    client.force_login(outsider)
    assert renew(client, certificate).status_code == 404
    assert len(cycles(certificate)) == 1


@pytest.mark.parametrize(
    ("days_left", "old_status"),
    [(-1, Certificate.Status.EXPIRED), (30, Certificate.Status.VALID)],
)
def test_completing_the_new_cycle_issues_a_new_certificate(
    client,
    certificate,
    enrollment,
    live_course,
    django_capture_on_commit_callbacks,
    days_left,
    old_status,
):
    from courses import services as course_services
    from tests.courses.conftest import make_lesson

    lesson = make_lesson(live_course, "Giving naloxone")
    expired = datetime.date.today() + datetime.timedelta(days=days_left)
    with_valid_until(certificate, expired)
    client.force_login(certificate.learner)
    renew(client, certificate)
    current = Enrollment.objects.current_for(certificate.learner, live_course)
    assert current.cycle == 2

    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(current, lesson)

    current.refresh_from_db()
    assert current.completed_at is not None
    renewed = Certificate.objects.current().get(enrollment=current)
    assert renewed.pk != certificate.pk and renewed.code != certificate.code
    old = Certificate.objects.get(pk=certificate.pk)
    assert old.enrollment_id == enrollment.pk
    assert old.valid_until == expired
    assert old.current_status() == old_status
    assert old.learner_name == certificate.learner_name and old.pdf.name == certificate.pdf.name
    assert renewed.current_status() == Certificate.Status.VALID
    assert renewed.valid_until > expired
    assert not can_renew(old)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None and enrollment.cycle == 1


def test_my_learning_shows_a_renewed_course_in_progress_again(client, certificate, live_course):
    with_valid_until(certificate, datetime.date.today())
    client.force_login(certificate.learner)
    renew(client, certificate)
    response = client.get(reverse("my_learning"))
    in_progress = [item["enrollment"] for item in response.context["in_progress"]]
    assert [(e.course_id, e.cycle) for e in in_progress] == [(live_course.pk, 2)]
    assert response.context["completed"] == []
    # The old certificate stays listed as it was until the new one is issued.
    assert certificate.display_code in response.content.decode()


def test_the_renew_link_shows_only_once_renewal_opens(client, certificate):
    client.force_login(certificate.learner)
    renew_url = reverse("certificates:renew", args=[certificate.display_code])
    assert renew_url not in client.get(reverse("certificates:mine")).content.decode()
    with_valid_until(certificate, datetime.date.today() + datetime.timedelta(days=30))
    assert renew_url in client.get(reverse("certificates:mine")).content.decode()

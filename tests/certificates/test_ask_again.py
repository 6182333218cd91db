"""A certificate that has not appeared a while after completing can be asked for again.

By the learner ("Try again", POST, rate limited, only after a while) and by the periodic
``queue_missing_certificates`` job. Issuing is idempotent: asking twice makes one certificate.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.conftest import make_user

from .conftest import LEARNER_NAME, complete

pytestmark = pytest.mark.django_db

MINUTES_AGO_20 = datetime.timedelta(minutes=20)


def ask_again_url(enrollment) -> str:
    return reverse("certificates:ask_again", args=[enrollment.code])


@pytest.fixture
def learner_client(client, named_learner):
    client.force_login(named_learner)
    return client


def test_just_after_completing_the_page_says_it_is_being_prepared_and_offers_no_retry(
    learner_client, named_learner, course
):
    enrollment = complete(named_learner, course)  # no worker has issued it yet

    page = learner_client.get(reverse("certificates:mine")).content.decode()
    response = learner_client.post(ask_again_url(enrollment), follow=True)

    assert "They are being prepared" in page
    assert ask_again_url(enrollment) not in page
    assert "Your certificate is still being prepared." in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_while_later_the_learner_can_try_again_and_gets_one_certificate(
    learner_client, named_learner, course, django_capture_on_commit_callbacks
):
    enrollment = complete(named_learner, course, when=timezone.now() - MINUTES_AGO_20)

    page = learner_client.get(reverse("my_learning")).content.decode()
    assert "They are being prepared" in page
    assert f'action="{ask_again_url(enrollment)}"' in page
    assert "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        learner_client.post(ask_again_url(enrollment))
    response = learner_client.post(ask_again_url(enrollment), follow=True)

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.learner_name == LEARNER_NAME
    page = response.content.decode()
    assert "There is no certificate waiting for this course." in page
    assert certificate.display_code in page
    assert "They are being prepared" not in page


def test_trying_again_is_post_only_rate_limited_and_for_ones_own_completion_only(
    learner_client, named_learner, course
):
    enrollment = complete(named_learner, course)
    stranger = complete(make_user("stranger@example.org", certificate_name="Pat Doe"), course)

    assert learner_client.get(ask_again_url(enrollment)).status_code == 405
    # Three asks per quarter of an hour, whatever they ask for.
    assert learner_client.post(ask_again_url(stranger)).status_code == 404
    statuses = [learner_client.post(ask_again_url(enrollment)).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def run_job(**options) -> str:
    output = StringIO()
    call_command("queue_missing_certificates", stdout=output, **options)
    return output.getvalue()


def test_the_job_queues_completions_without_a_certificate_and_is_safe_to_run_twice(
    named_learner, course, django_capture_on_commit_callbacks
):
    old = complete(named_learner, course, when=timezone.now() - MINUTES_AGO_20)
    nameless = complete(make_user("nameless@example.org"), course, when=old.completed_at)
    recent = complete(make_user("recent@example.org", certificate_name="Pat Doe"), course)

    with django_capture_on_commit_callbacks(execute=True):
        first = run_job()
    second = run_job()

    assert "Certificates queued again: 1." in first
    assert "Certificates queued again: 0." in second
    assert Certificate.objects.get().enrollment == old
    assert not Certificate.objects.filter(enrollment__in=[nameless, recent]).exists()

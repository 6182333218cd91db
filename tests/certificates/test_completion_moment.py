"""The moment of completion: the page a learner lands on after their last step says what they
earned and offers "Get your certificate"; the name for certificates is asked right there when
missing; then the PDF and its verification link. One email says the same, once."""

import datetime
import re

import pytest
from django.core import mail
from wagtail.models import Site

from certificates.models import Approval, Certificate, CertificateSettings
from courses import services as course_services
from courses.models import CatalogPage
from tests.certificates.conftest import LEARNER_NAME, pdf_text
from tests.courses.conftest import enrol, form_answers, make_course, make_quiz

pytestmark = pytest.mark.django_db

# Issue 17: a learner's page reads at most 12 queries (this suite's caches are warm after a view).
LEARNER_PAGE_QUERIES = 12
VERIFY_LINK = re.compile(r"https://opendoor\.test/verify/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/")


@pytest.fixture
def finishing(learner, client):
    """A two-lesson course the signed-in learner has half done: one lesson is left."""
    course = make_course(CatalogPage.objects.get(), "Giving naloxone", lessons=2)
    enrollment = enrol(learner, course)
    first, last = list(course.live_lessons())
    course_services.complete_lesson(enrollment, first)
    client.force_login(learner)
    return {"course": course, "enrollment": enrollment, "last": last}


def finish(client, finishing, capture):
    """Mark the last lesson complete, as the learner does, with the commit's work run."""
    with capture(execute=True):  # the commit at the end of the request, as on a real site
        response = client.post(f"{finishing['last'].url}complete/")
    assert response.status_code == 302
    response = client.get(response.url)
    finishing["enrollment"].refresh_from_db()
    assert finishing["enrollment"].is_complete
    return response.content.decode()


def completion_url(finishing) -> str:
    return f"/my-learning/completed/{finishing['enrollment'].code}/"


def test_the_page_after_the_last_step_says_what_was_earned(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    html = finish(client, finishing, django_capture_on_commit_callbacks)

    assert "What you earned" in html
    assert "You earned a certificate of completion." in html
    assert "<dt>Course</dt><dd>Giving naloxone</dd>" in html
    assert "<dt>Contact hours</dt><dd>1.5</dd>" in html
    assert f'<a class="button" href="{completion_url(finishing)}">Get your certificate</a>' in html


def test_an_attendance_approval_says_statement_of_attendance(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    approval = Approval.objects.create(
        approving_body="State board",
        provider_number="77",
        statement="Approved for attendance hours.",
        kind="attendance",
        valid_from=datetime.date(2020, 1, 1),
    )
    approval.courses.add(finishing["course"])

    html = finish(client, finishing, django_capture_on_commit_callbacks)

    assert "You earned a statement of attendance." in html
    assert "certificate of completion" not in html


def test_without_approvals_the_sites_default_kind_is_said(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_kind = "attendance"
    settings.save()

    html = finish(client, finishing, django_capture_on_commit_callbacks)

    assert "You earned a statement of attendance." in html


def test_the_finished_course_page_stays_within_the_learner_page_budget(
    client, finishing, django_assert_max_num_queries
):
    # Finished, the certificate not issued yet (its task waits for a worker, as on a busy site).
    client.post(f"{finishing['last'].url}complete/")
    client.get(finishing["course"].url)

    with django_assert_max_num_queries(LEARNER_PAGE_QUERIES):
        html = client.get(finishing["course"].url).content.decode()

    assert not Certificate.objects.exists()
    assert "You earned a certificate of completion." in html
    assert "Get your certificate" in html


def test_get_your_certificate_shows_the_pdf_and_its_verification_link(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    finish(client, finishing, django_capture_on_commit_callbacks)

    html = client.get(completion_url(finishing)).content.decode()

    certificate = Certificate.objects.get(enrollment=finishing["enrollment"])
    download = f"/certificates/{certificate.display_code}/download/"
    assert f'href="{download}"' in html
    link = f"https://opendoor.test/verify/{certificate.display_code}/"
    assert f'<a href="{link}">{link}</a>' in html
    pdf = b"".join(client.get(download).streaming_content)
    assert LEARNER_NAME in pdf_text(pdf) and link in pdf_text(pdf)


def test_a_learner_without_a_name_is_asked_for_it_right_there(
    client, learner, finishing, django_capture_on_commit_callbacks
):
    html = finish(client, finishing, django_capture_on_commit_callbacks)

    assert not Certificate.objects.exists()
    assert "What name should we print on your certificate?" in html
    assert f'<form method="post" action="{completion_url(finishing)}"' in html
    assert 'name="certificate_name"' in html and 'maxlength="120"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(completion_url(finishing), {"certificate_name": "  Ana   Díaz "})

    assert response.status_code == 302 and response.url == completion_url(finishing)
    learner.refresh_from_db()
    assert learner.certificate_name == "Ana Díaz"
    certificate = Certificate.objects.get(enrollment=finishing["enrollment"])
    assert certificate.learner_name == "Ana Díaz"
    html = client.get(response.url).content.decode()
    assert f'href="/certificates/{certificate.display_code}/download/"' in html
    assert VERIFY_LINK.search(html)
    assert 'name="certificate_name"' not in html


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "This field is required."),
        ("1234 !!", "Please enter your name."),
        ("A" * 121, "Ensure this value has at most 120 characters (it has 121)."),
    ],
)
def test_a_name_that_will_not_do_is_asked_again_and_nothing_is_issued(
    client, learner, finishing, django_capture_on_commit_callbacks, typed, error
):
    finish(client, finishing, django_capture_on_commit_callbacks)

    response = client.post(completion_url(finishing), {"certificate_name": typed})

    assert response.status_code == 400
    assert error in response.content.decode()
    learner.refresh_from_db()
    assert learner.certificate_name == ""
    assert not Certificate.objects.exists()


def test_passing_the_post_test_that_completes_the_course_shows_it_on_the_result(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    post_test = make_quiz(finishing["course"], "post_test")
    course_services.complete_lesson(finishing["enrollment"], finishing["last"])
    client.post(f"{post_test.url}start/")
    attempt = post_test.attempts.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{post_test.url}attempt/{attempt.code}/submit/", form_answers(attempt), follow=True
        )

    html = response.content.decode()
    assert "You passed." in html
    assert "You earned a certificate of completion." in html
    assert "Get your certificate" in html


# The email ---------------------------------------------------------------------------------


def test_one_email_says_the_same_with_both_links(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    finish(client, finishing, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    certificate = Certificate.objects.get()
    assert message.to == [named_learner.email]
    assert message.subject == "Your certificate for Giving naloxone is ready"
    assert 'you finished "Giving naloxone"' in message.body
    assert "You earned a certificate of completion. Contact hours: 1.5" in message.body
    page = f"https://opendoor.test/my-learning/completed/{finishing['enrollment'].code}/"
    assert f"Get your certificate (PDF): {page}" in message.body
    verify = f"https://opendoor.test/verify/{certificate.display_code}/"
    assert f"Anyone can check it at: {verify}" in message.body
    assert client.get(page.removeprefix("https://opendoor.test")).status_code == 200


def test_the_email_is_sent_once(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    finish(client, finishing, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(completion_url(finishing))  # a refresh
        client.post(completion_url(finishing))  # "Get your certificate" again
        client.post(f"{finishing['last'].url}complete/")  # the last step again
        course_services.evaluate_completion(finishing["enrollment"])

    assert len(mail.outbox) == 1
    assert Certificate.objects.count() == 1


def test_without_a_name_the_email_comes_once_the_certificate_is_issued(
    client, learner, finishing, django_capture_on_commit_callbacks
):
    finish(client, finishing, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(completion_url(finishing), {"certificate_name": LEARNER_NAME})
        client.post(completion_url(finishing))

    assert len(mail.outbox) == 1


def test_the_email_is_in_the_learners_language(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    named_learner.language = "es"
    named_learner.save(update_fields=["language"])

    finish(client, finishing, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.subject == "Su certificado de Giving naloxone está listo"
    assert "Obtenga su certificado (PDF):" in message.body
    assert f"/es/my-learning/completed/{finishing['enrollment'].code}/" in message.body
    assert VERIFY_LINK.search(message.body)  # as printed on the certificate


def test_no_email_and_no_page_for_a_course_not_finished(
    client, named_learner, finishing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(finishing["last"].url)
        response = client.post(completion_url(finishing))

    assert response.status_code == 404
    assert client.get(completion_url(finishing)).status_code == 404
    assert mail.outbox == []
    assert not Certificate.objects.exists()


def test_someone_elses_completion_page_is_not_found(
    client, named_learner, outsider, finishing, django_capture_on_commit_callbacks
):
    finish(client, finishing, django_capture_on_commit_callbacks)
    client.force_login(outsider)

    assert client.get(completion_url(finishing)).status_code == 404
    assert client.post(completion_url(finishing), {"certificate_name": "Pat"}).status_code == 404

"""Downloading one's own data: a ZIP with data.json and the certificate PDFs."""

import io

import pypdf
import pytest
from django.urls import reverse

from accounts.models import Membership
from certificates.models import Certificate
from tests.conftest import make_user, sign_in_with_mfa

from .conftest import CERTIFICATE_NAME, build_learning, data_of, download, take_quiz

pytestmark = pytest.mark.django_db

# Session and user, then one query per kind of record (email addresses, two-factor methods,
# memberships, invitations, enrolments, progress, lessons, reflections, attempts, evaluations,
# certificates, name corrections), whatever their number.
QUERY_BUDGET = 17


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_zip_holds_the_learners_data_and_certificate_pdfs(client, sam, full_course):
    client.force_login(sam)

    archive = download(client)
    data = data_of(archive)

    assert data["profile"]["email"] == "sam@example.org"
    assert data["profile"]["display_name"] == "Sam"
    assert data["profile"]["name_on_certificates"] == CERTIFICATE_NAME
    assert data["profile"].get("language", "") == getattr(sam, "language", "")
    assert data["email_addresses"] == [
        {"email": "sam@example.org", "verified": True, "primary": True}
    ]
    [membership] = data["memberships"]
    assert membership["organization"] == "Riverside Syringe Services"
    assert membership["role"] == "Member"
    assert membership["shares_training_records"] is True
    assert membership["agreed_to_share_at"]
    [invitation] = data["invitations_received"]
    assert invitation["organization"] == "Riverside Syringe Services"

    [enrolment] = data["enrolments"]
    assert enrolment["course"] == "Naloxone basics"
    assert enrolment["cycle"] == 1
    assert enrolment["completed_at"]
    assert enrolment["progress_percent"] == 100
    assert {lesson["lesson"] for lesson in enrolment["lessons"]} == {
        "Lesson 1",
        "Lesson 2",
        "At the drop-in",
    }
    assert all(lesson["completed_at"] for lesson in enrolment["lessons"])
    [reflection] = enrolment["reflections"]
    assert reflection["your_reflection"] == "I would ask Jo how they are doing."
    assert reflection["prompt"] == "What would you say to Jo first?"
    assert [attempt["quiz"] for attempt in enrolment["quiz_attempts"]] == [
        "Pre-test",
        "Practice",
        "Post-test",
    ]
    evaluation = enrolment["evaluation"]
    assert evaluation["comments"] == "Clear."
    assert evaluation["confidence_before"] == "A little confident"
    assert evaluation["ratings"][0] == {
        "statement": "The course was relevant to my work.",
        "rating": 5,
        "rating_label": "Strongly agree",
    }

    [certificate] = data["certificates"]
    stored = Certificate.objects.get(learner=sam)
    assert certificate["code"] == stored.display_code
    assert certificate["name_printed"] == CERTIFICATE_NAME
    assert certificate["course"] == "Naloxone basics"
    assert certificate["status"] == "Valid"
    assert certificate["check_it_at"].endswith(f"/verify/{stored.display_code}/")
    assert certificate["pdf"] in archive.namelist()
    pdf = archive.read(certificate["pdf"])
    assert pdf.startswith(b"%PDF")
    assert CERTIFICATE_NAME in pdf_text(pdf)
    assert "README.txt" in archive.namelist()


def test_quiz_answers_are_as_snapshotted_and_answer_keys_follow_the_review_setting(client, sam):
    client.force_login(sam)

    attempts = data_of(download(client))["enrolments"][0]["quiz_attempts"]
    pre_test, practice, post_test = attempts

    question = practice["questions"][0]
    assert question["question"] == "What is the first sign of an opioid overdose?"
    assert [choice["text"] for choice in question["choices"]] == [
        "The person does not respond",
        "The person talks fast",
        "Large pupils",
    ]
    assert [choice["you_chose"] for choice in question["choices"]] == [True, False, False]
    assert question["credit"] == "1"
    # Practice quizzes show their answers; this post-test never does, nor a pre-test.
    assert practice["answers_shown"] is True
    assert question["choices"][0]["correct"] is True
    assert question["explanation"] == "Not responding is the top sign."
    for hidden in (pre_test, post_test):
        assert hidden["answers_shown"] is False
        for question in hidden["questions"]:
            assert "explanation" not in question
            assert all("correct" not in choice for choice in question["choices"])
    assert post_test["passed"] is True
    assert post_test["percent"] == "100.00"
    assert pre_test["score"] != pre_test["out_of"]


def test_other_peoples_data_never_appears(client, sam, robin, organization, manager):
    # Sam manages nothing, Robin and the manager share the organization and the course.
    client.force_login(sam)

    archive = download(client)
    raw = archive.read("data.json").decode()

    for foreign in (
        "robin@example.org",
        "Robin",
        "Robin Oakes",
        "Robin's private reflection.",
        "Robin's comment.",
        "manager@example.org",
        "Alex",
    ):
        assert foreign not in raw
    robin_certificate = Certificate.objects.get(learner=robin)
    assert robin_certificate.display_code not in raw
    assert len(data_of(archive)["certificates"]) == 1
    assert [name for name in archive.namelist() if name.endswith(".pdf")] == [
        data_of(archive)["certificates"][0]["pdf"]
    ]


def test_invitations_sent_to_others_are_not_exported(client, manager, organization):
    from accounts.models import Invitation

    Invitation.objects.create(
        organization=organization, email="someone.else@example.org", invited_by=manager
    )
    sign_in_with_mfa(client, manager)

    data = data_of(download(client))

    assert "someone.else@example.org" not in str(data)
    assert data["memberships"][0]["role"] == str(Membership.Role.MANAGER.label)


def test_a_missing_pdf_leaves_the_rest_of_the_download_intact(client, sam):
    certificate = Certificate.objects.get(learner=sam)
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(sam)

    archive = download(client)

    assert data_of(archive)["certificates"][0]["pdf"] is None
    assert not [name for name in archive.namelist() if name.endswith(".pdf")]


def test_the_download_is_private_and_never_cached(client, sam):
    client.force_login(sam)

    response = client.post(reverse("privacy:download"))

    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="open-door-my-data-')


def test_get_does_not_download(client, sam):
    client.force_login(sam)

    assert client.get(reverse("privacy:download")).status_code == 405


def test_the_download_needs_the_csrf_token(sam):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sam)

    assert client.post(reverse("privacy:download")).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client):
    for response in (
        client.get(reverse("privacy:your_data")),
        client.post(reverse("privacy:download")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_your_data_page_offers_the_download_as_a_form(client, learner):
    client.force_login(learner)

    page = client.get(reverse("privacy:your_data")).content.decode()

    assert f'action="{reverse("privacy:download")}"' in page
    assert 'method="post"' in page
    assert "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("extra_tries", [0, 12])
def test_queries_do_not_grow_with_attempts(
    client, full_course, django_assert_max_num_queries, extra_tries
):
    user = make_user("busy@example.org", certificate_name="Busy Learner")
    enrollment = build_learning(
        user, full_course, reflection="One.", comments="Two.", practice_tries=1
    )
    for _ in range(extra_tries):
        take_quiz(enrollment, full_course.practice)
    client.force_login(user)

    with django_assert_max_num_queries(QUERY_BUDGET):
        archive = download(client)

    assert len(data_of(archive)["enrolments"][0]["quiz_attempts"]) == 3 + extra_tries


def test_picks_saved_on_an_unfinished_attempt_are_exported(client, sam, full_course):
    from courses import assessments
    from courses.models import Enrollment

    enrollment = Enrollment.objects.get(user=sam)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, full_course.practice)
    first = attempt.questions[0]
    assessments.save_answers(attempt, {first["id"]: [first["choices"][1]["id"]]})
    client.force_login(sam)

    attempts = data_of(download(client))["enrolments"][0]["quiz_attempts"]

    (unfinished,) = [entry for entry in attempts if entry["submitted_at"] is None]
    assert [choice["you_chose"] for choice in unfinished["questions"][0]["choices"]] == [
        False,
        True,
        False,
    ]
    assert unfinished["answers_shown"] is False

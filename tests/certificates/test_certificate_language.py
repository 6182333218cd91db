"""Certificates print in the learner's language when the course's version in that language is
approved for continuing education; otherwise in English with a note in the learner's language.
Read back from the real PDF with pypdf."""

import datetime

import pytest
from wagtail.models import Locale

from certificates import services
from certificates.models import Approval
from certificates.rendering import document_for, render_html
from courses.localization import translated_catalog
from tests.certificates.conftest import certificate_pdf, complete, pdf_text

pytestmark = pytest.mark.django_db
SPANISH_TITLE = "Conceptos básicos de la naloxona"


def with_spanish_version(course):
    translated_catalog(course.get_parent().specific, "es")
    spanish = course.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.title = spanish.draft_title = SPANISH_TITLE
    spanish.save_revision().publish()
    return course


def spanish_speaker(learner):
    learner.language = "es"
    learner.save(update_fields=["language"])
    return learner


def test_an_approved_spanish_course_prints_the_certificate_in_spanish(named_learner, course):
    with_spanish_version(course)
    course.ce_languages = ["en", "es"]
    course.save_revision().publish()
    certificate = services.issue_certificate(complete(spanish_speaker(named_learner), course))

    assert certificate.language == "es"
    assert certificate.course_title == SPANISH_TITLE
    text = pdf_text(certificate_pdf(certificate))
    assert "Certificado de finalización" in text
    assert SPANISH_TITLE in text
    assert "Certificate of completion" not in text
    assert "Este certificado está en inglés" not in text


def test_a_course_approved_in_english_only_prints_english_with_a_note(named_learner, course):
    with_spanish_version(course)
    assert course.ce_languages == ["en"]  # the default
    certificate = services.issue_certificate(complete(spanish_speaker(named_learner), course))

    assert certificate.language == "en"
    assert certificate.course_title == course.title
    text = " ".join(pdf_text(certificate_pdf(certificate)).split())
    assert "Certificate of completion" in text
    assert "Este certificado está en inglés" in text


def test_an_english_speaker_gets_no_note(named_learner, course):
    certificate = services.issue_certificate(complete(named_learner, course))
    assert certificate.language == "en"
    assert "Este certificado" not in pdf_text(certificate_pdf(certificate))


def test_an_approval_statement_prints_as_written_marked_with_its_language(named_learner, course):
    approval = Approval.objects.create(
        approving_body="Junta estatal",
        statement="Este curso está aprobado por la Junta estatal.",
        language="es",
        valid_from=datetime.date(2020, 1, 1),
    )
    approval.courses.add(course)
    certificate = services.issue_certificate(complete(named_learner, course))

    html = render_html(document_for(certificate))
    assert 'lang="es"><strong>Junta estatal' in html
    assert "Este curso está aprobado por la Junta estatal." in pdf_text(
        certificate_pdf(certificate)
    )


def test_a_reminder_reaches_a_spanish_speaker_in_spanish_naming_the_spanish_course(
    named_learner, course
):
    from django.core import mail

    from certificates.models import Certificate
    from certificates.reminders import send_expiry_reminders

    with_spanish_version(course)
    certificate = services.issue_certificate(complete(named_learner, course))  # in English
    spanish_speaker(named_learner)
    today = datetime.date(2027, 6, 1)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=today + datetime.timedelta(days=60)
    )

    assert send_expiry_reminders(today)["sent"]["60"] == 1
    message = mail.outbox[0]
    assert SPANISH_TITLE in message.subject
    assert SPANISH_TITLE in message.body
    assert course.title not in message.body


def test_the_verification_page_follows_the_visitors_language(client, named_learner, course):
    with_spanish_version(course)
    certificate = services.issue_certificate(complete(named_learner, course))
    spanish_course_url = course.get_translation(Locale.objects.get(language_code="es")).url
    english_course_url = course.url
    path = f"/verify/{certificate.display_code}/"

    english = client.get(path).content.decode()
    spanish = client.get(f"/es{path}").content.decode()

    assert "Course" in english and f'href="{english_course_url}"' in english
    assert '<html lang="es"' in spanish
    assert f'<span lang="en">{certificate.course_title}</span>' in spanish  # as printed
    assert f'href="{spanish_course_url}"' in spanish  # the course, in Spanish


def test_a_body_that_approved_both_languages_prints_only_the_statement_in_the_certificates(
    named_learner, course
):
    english = Approval.objects.create(
        approving_body="State board",
        provider_number="77",
        statement="Approved by the State board, provider 77.",
        language="en",
        valid_from=datetime.date(2020, 1, 1),
    )
    spanish = Approval.objects.create(
        approving_body="State board",
        provider_number="77",
        statement="Aprobado por la junta estatal, proveedor 77.",
        language="es",
        valid_from=datetime.date(2020, 1, 1),
    )
    for approval in (english, spanish):
        approval.courses.add(course)
    with_spanish_version(course)
    course.ce_languages = ["en", "es"]
    course.save_revision().publish()

    in_spanish = pdf_text(
        certificate_pdf(
            services.issue_certificate(complete(spanish_speaker(named_learner), course))
        )
    )
    assert "Aprobado por la junta estatal, proveedor 77." in in_spanish
    assert "Approved by the State board" not in in_spanish


@pytest.mark.parametrize("approved_in_spanish", [True, False])
def test_the_certificate_email_reaches_a_spanish_speaker_in_spanish(
    named_learner, course, approved_in_spanish, django_capture_on_commit_callbacks
):
    from django.core import mail

    with_spanish_version(course)
    if approved_in_spanish:
        course.ce_languages = ["en", "es"]
        course.save_revision().publish()
    enrollment = complete(spanish_speaker(named_learner), course)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(enrollment)

    (message,) = mail.outbox
    assert message.subject == f"Su certificado de {SPANISH_TITLE} está listo"
    assert "Hola" in message.body and SPANISH_TITLE in message.body
    assert f"/es/my-learning/completed/{enrollment.code}/" in message.body
    assert certificate.display_code in message.body
    assert course.title not in message.body

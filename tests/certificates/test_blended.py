"""The certificate of a blended course: its hours by format (online and in person, read back
from the PDF), the live hours the rule gave, and its title following the approval as today."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import Approval, DocumentKind
from tests.certificates.conftest import certificate_pdf, complete, make_course, pdf_text
from trainings.models import Attendance, TrainingSession

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def closed_session(organization, course, *, format="in_person", hours="2.00"):
    start = (timezone.now() - datetime.timedelta(days=2)).replace(microsecond=0)
    session = TrainingSession(
        title="Naloxone practice",
        course=course,
        start=start,
        end=start + datetime.timedelta(hours=2),
        format=format,
        address="120 Main Street" if format != "online" else "",
        meeting_link="https://meet.example.org/x" if format == "online" else "",
        capacity=20,
        contact_hours=Decimal(hours),
        organization=organization,
        registration_opens=start - datetime.timedelta(days=7),
    )
    session.full_clean()
    session.save()
    TrainingSession.objects.filter(pk=session.pk).update(status="closed")
    session.refresh_from_db()
    return session


@pytest.fixture
def blended(db):
    return make_course("Naloxone in the room", delivery_format="blended")


def attended(session, person, mark="attended", minutes=120):
    Attendance.objects.create(
        session=session,
        person=person,
        method="facilitator",
        checked_in_at=session.start,
        mark=mark,
        minutes_attended=minutes,
        mark_reason="" if mark == "attended" else "Left early",
    )


def test_the_pdf_shows_online_and_in_person_hours(named_learner, blended, organization):
    attended(closed_session(organization, blended), named_learner)
    certificate = services.issue_certificate(complete(named_learner, blended))
    text = flat(pdf_text(certificate_pdf(certificate)))
    assert "3.5 contact hours" in text  # 1.5 online + 2 in the room
    assert "Online: 1.5 hours" in text
    assert "In person: 2 hours" in text
    assert "Certificate of completion" in text
    assert certificate.contact_hours == Decimal("3.5")


def test_partial_minutes_credit_prints_the_hours_earned(named_learner, blended, organization):
    blended.live_partial_credit = "minutes"
    blended.save_revision().publish()
    session = closed_session(organization, blended, format="online")
    attended(session, named_learner, "partial", 50)  # 50 minutes: three quarter hours
    enrollment = complete(named_learner, blended)
    enrollment.course.refresh_from_db()
    certificate = services.issue_certificate(enrollment)
    text = flat(pdf_text(certificate_pdf(certificate)))
    assert "Live online: 0.75 hours" in text
    assert "2.25 contact hours" in text


def test_a_statement_of_attendance_when_the_approval_asks(named_learner, blended, organization):
    approval = Approval.objects.create(
        approving_body="CCAPP",
        statement="Approved by CCAPP for continuing education.",
        kind=DocumentKind.ATTENDANCE,
        valid_from=datetime.date(2020, 1, 1),
    )
    approval.courses.add(blended)
    attended(closed_session(organization, blended), named_learner)
    certificate = services.issue_certificate(complete(named_learner, blended))
    text = flat(pdf_text(certificate_pdf(certificate)))
    assert "Statement of attendance" in text and "In person: 2 hours" in text


def test_a_self_paced_course_prints_its_hours_as_before(named_learner, course):
    certificate = services.issue_certificate(complete(named_learner, course))
    text = flat(pdf_text(certificate_pdf(certificate)))
    assert "1.5 contact hours" in text and "Online:" not in text
    assert certificate.hours_by_format == []


def test_the_verification_page_shows_the_hours_by_format(
    client, named_learner, blended, organization
):
    attended(closed_session(organization, blended), named_learner)
    certificate = services.issue_certificate(complete(named_learner, blended))
    page = flat(client.get(f"/verify/{certificate.display_code}/").content.decode())
    assert "3.5 (Online: 1.5; In person: 2)" in page

"""Statements of attendance for a standalone session: got from the session's page (the name
asked first when missing), read back from the PDF with its QR code, verified publicly, revoked
when a correction takes the credit away, and downloaded by the attendee only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from certificates.models import AttendanceStatement
from tests.certificates.conftest import LEARNER_NAME, make_course, pdf_text
from tests.certificates.test_pdf import decode_qr_codes
from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.trainings.conftest import ZONE, make_session
from trainings import closing
from trainings.models import Attendance

pytestmark = pytest.mark.django_db

TITLE = "Naloxone for neighbours"


def closed_session(organization, facilitator, **fields):
    # 5 p.m. yesterday where the session happens (the statement prints its local time).
    yesterday = timezone.localtime(timezone.now(), ZoneInfo(ZONE)) - datetime.timedelta(days=1)
    start = yesterday.replace(hour=17, minute=0, second=0, microsecond=0)
    session = make_session(
        organization,
        title=TITLE,
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_opens=start - datetime.timedelta(days=7),
        **fields,
    )
    session.facilitators.add(facilitator)
    return session


def mark_and_close(session, marks, facilitator):
    """`marks`: [(person, mark, minutes)]; every record gets its mark, then the session closes."""
    for person, mark, minutes in marks:
        Attendance.objects.create(
            session=session,
            person=person,
            method="facilitator",
            checked_in_at=session.start,
            mark=mark,
            minutes_attended=minutes,
            mark_reason="" if mark == "attended" else "Left at the break",
        )
    closing.close_session(session, by=facilitator)
    session.refresh_from_db()
    return session


@pytest.fixture
def facilitator(organization):
    user = make_user("robin@example.org", display_name="Robin")
    user.certificate_name = "Robin Okafor"
    user.save(update_fields=["certificate_name"])
    make_member(user, organization, Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def attended(organization, facilitator, named_learner):
    session = closed_session(organization, facilitator)
    return mark_and_close(session, [(named_learner, "attended", 120)], facilitator)


def session_page(client, session) -> str:
    return client.get(reverse("trainings:detail", args=[session.code])).content.decode()


def get_statement(client, session, **data):
    return client.post(reverse("certificates:statement_get", args=[session.code]), data)


def statement_pdf(statement) -> bytes:
    with statement.pdf.open("rb") as file:
        return file.read()


def test_an_attendee_gets_a_statement_from_the_session_page(client, named_learner, attended):
    client.force_login(named_learner)
    assert "Get your statement of attendance" in session_page(client, attended)
    response = get_statement(client, attended)
    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:detail", args=[attended.code])
    statement = AttendanceStatement.objects.get()
    page = session_page(client, attended)
    assert "Your statement of attendance is ready" in page
    download = reverse("certificates:statement_download", args=[statement.display_code])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == statement_pdf(statement)


def test_the_pdf_states_the_minimal_facts_and_its_qr_code_opens_the_check(
    client, named_learner, attended, organization
):
    client.force_login(named_learner)
    get_statement(client, attended)
    statement = AttendanceStatement.objects.get()
    pdf = statement_pdf(statement)
    text = " ".join(pdf_text(pdf).split())
    local_start = timezone.localtime(attended.start, attended.zone)
    for expected in [
        "Statement of attendance",
        LEARNER_NAME,
        TITLE,
        f"{local_start:%A}, {local_start:%b}. {local_start.day}, {local_start.year}",
        "5 p.m.\u20137 p.m. (America/Los_Angeles)",
        "120 Main Street, Riverside, Community room B",
        "2 contact hours",
        f"Hosted by {organization.name}",
        "Facilitated by Robin Okafor",
        statement.display_code,
    ]:
        assert expected in text, expected
    assert "certif" not in text.lower().replace("certificate", "")
    verify = f"https://opendoor.test/verify/{statement.display_code}/"
    assert decode_qr_codes(pdf) == [verify]
    check = client.get(reverse("certificates:verify", args=[statement.display_code]))
    checked = check.content.decode()
    assert check.status_code == 200
    assert "This statement of attendance is valid." in checked
    for fact in (LEARNER_NAME, TITLE, "America/Los_Angeles", "Robin Okafor", organization.name):
        assert fact in checked
    assert named_learner.email not in checked


def test_an_online_session_says_online(client, named_learner, organization, facilitator):
    session = closed_session(
        organization,
        facilitator,
        format="online",
        address="",
        room="",
        meeting_link="https://meet.example.org/naloxone",
    )
    mark_and_close(session, [(named_learner, "attended", 115)], facilitator)
    client.force_login(named_learner)
    get_statement(client, session)
    text = pdf_text(statement_pdf(AttendanceStatement.objects.get()))
    assert "Online" in text
    assert "meet.example.org" not in text


def test_the_email_says_it_is_ready_once_however_often_it_is_asked_for(
    client, named_learner, attended, django_capture_on_commit_callbacks
):
    client.force_login(named_learner)
    with django_capture_on_commit_callbacks(execute=True):
        get_statement(client, attended)
        get_statement(client, attended)
    assert AttendanceStatement.objects.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    statement = AttendanceStatement.objects.get()
    assert message.to == [named_learner.email]
    assert TITLE in message.subject
    assert f"https://opendoor.test/trainings/{attended.code}/" in message.body
    assert f"https://opendoor.test/verify/{statement.display_code}/" in message.body


def test_the_name_for_certificates_is_asked_first_when_missing(
    client, learner, organization, facilitator
):
    session = mark_and_close(
        closed_session(organization, facilitator), [(learner, "attended", 120)], facilitator
    )
    client.force_login(learner)
    assert 'name="certificate_name"' in session_page(client, session)
    response = get_statement(client, session, certificate_name="1234")
    assert response.status_code == 400
    assert "Please enter your name." in response.content.decode()
    assert not AttendanceStatement.objects.exists()
    get_statement(client, session, certificate_name="Jordan  Lee")
    statement = AttendanceStatement.objects.get()
    assert statement.learner_name == "Jordan Lee"
    assert "Jordan Lee" in pdf_text(statement_pdf(statement))


@pytest.mark.parametrize(("mark", "minutes"), [("absent", 0), ("partial", 70), ("attended", 90)])
def test_no_statement_without_credit(
    client, named_learner, organization, facilitator, mark, minutes
):
    # A standalone session follows the default rule: 90% of the time (108 of 120 minutes),
    # and nothing for attending part.
    session = mark_and_close(
        closed_session(organization, facilitator), [(named_learner, mark, minutes)], facilitator
    )
    client.force_login(named_learner)
    assert "statement of attendance" not in session_page(client, session).lower()
    response = get_statement(client, session)
    assert response.status_code == 302
    assert "does not give a statement of attendance" in session_page(client, session)
    assert not AttendanceStatement.objects.exists()


def test_a_session_of_a_course_gives_the_course_certificate_instead(
    client, named_learner, organization, facilitator
):
    course = make_course("Naloxone in the room", delivery_format="blended")
    session = mark_and_close(
        closed_session(organization, facilitator, course=course),
        [(named_learner, "attended", 120)],
        facilitator,
    )
    client.force_login(named_learner)
    assert "Get your statement" not in session_page(client, session)
    get_statement(client, session)
    assert not AttendanceStatement.objects.exists()


def test_an_open_session_gives_none_yet(client, named_learner, organization, facilitator):
    session = closed_session(organization, facilitator)
    Attendance.objects.create(
        session=session, person=named_learner, method="facilitator", mark="attended"
    )
    client.force_login(named_learner)
    get_statement(client, session)
    assert not AttendanceStatement.objects.exists()


def test_getting_it_is_post_only(client, named_learner, attended):
    client.force_login(named_learner)
    response = client.get(reverse("certificates:statement_get", args=[attended.code]))
    assert response.status_code == 405
    assert not AttendanceStatement.objects.exists()


def test_signed_out_visitors_sign_in_first(client, attended):
    response = get_statement(client, attended)
    detail = reverse("trainings:detail", args=[attended.code])
    assert response["Location"] == f"{reverse('account_login')}?next={detail}"


def correct(client, facilitator, session, record, mark, minutes):
    sign_in_with_mfa(client, facilitator)
    return client.post(
        reverse("trainings:correct", args=[session.code]),
        {"attendance": record.pk, "mark": mark, "minutes": minutes, "reason": "Sheet re-checked"},
    )


def test_a_correction_that_takes_the_credit_away_revokes_it_with_the_reason(
    client, named_learner, facilitator, attended
):
    client.force_login(named_learner)
    get_statement(client, attended)
    statement = AttendanceStatement.objects.get()
    record = Attendance.objects.current().get(session=attended)
    assert correct(client, facilitator, attended, record, "absent", 0).status_code == 302
    statement.refresh_from_db()
    assert statement.status == "revoked"
    assert "no longer gives credit" in statement.revocation_reason
    client.logout()
    checked = client.get(reverse("certificates:verify", args=[statement.display_code]))
    page = checked.content.decode()
    assert "This statement of attendance was revoked by the issuer" in page
    # As for certificates, the public page says revoked; the reason is the attendee's to see.
    assert "no longer gives credit" not in page
    client.force_login(named_learner)
    page = session_page(client, attended)
    assert "Your earlier statement was revoked" in page and "no longer gives credit" in page
    assert "Get your statement of attendance" not in page


def test_a_correction_that_keeps_the_credit_keeps_the_statement(
    client, named_learner, facilitator, attended
):
    client.force_login(named_learner)
    get_statement(client, attended)
    record = Attendance.objects.current().get(session=attended)
    correct(client, facilitator, attended, record, "attended", 112)
    statement = AttendanceStatement.objects.get()
    assert statement.status == "valid"
    assert statement.attendance == Attendance.objects.current().get(session=attended)


def test_unknown_statement_and_certificate_codes_cost_the_check_the_same(
    client, named_learner, attended
):
    client.force_login(named_learner)
    get_statement(client, attended)
    code = AttendanceStatement.objects.get().display_code
    client.logout()
    client.get(reverse("certificates:verify", args=["1111-1111-1111"]))
    with CaptureQueriesContext(connection) as found:
        assert client.get(reverse("certificates:verify", args=[code])).status_code == 200
    with CaptureQueriesContext(connection) as unknown:
        assert (
            client.get(reverse("certificates:verify", args=["0000-0000-0000"])).status_code == 404
        )

    def lookups(captured):
        return [
            q["sql"].split(" FROM ")[1].split()[0]
            for q in captured.captured_queries
            if "certificates_" in q["sql"]
        ]

    # Both tables are asked every time, so the lookups do not tell which codes exist.
    tables = ['"certificates_certificate"', '"certificates_attendancestatement"']
    assert lookups(found) == lookups(unknown) == tables


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("attendee", 200),
        ("another_attendee", 404),
        ("facilitator", 404),
        ("manager", 404),
        ("site_admin", 404),
        ("signed_out", "sign in"),
    ],
)
def test_only_the_attendee_downloads(
    client, who, expected, named_learner, attended, facilitator, manager, site_admin
):
    client.force_login(named_learner)
    get_statement(client, attended)
    statement = AttendanceStatement.objects.get()
    client.logout()
    if who == "attendee":
        client.force_login(named_learner)
    elif who == "another_attendee":
        client.force_login(make_user("someone@example.org", certificate_name="Someone"))
    elif who in ("facilitator", "manager", "site_admin"):
        sign_in_with_mfa(
            client, {"facilitator": facilitator, "manager": manager}.get(who, site_admin)
        )
    response = client.get(reverse("certificates:statement_download", args=[statement.code]))
    if expected == "sign in":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def test_my_certificates_lists_the_statement_and_then_its_revocation(
    client, named_learner, facilitator, attended, outsider
):
    client.force_login(named_learner)
    get_statement(client, attended)
    statement = AttendanceStatement.objects.get()
    download = reverse("certificates:statement_download", args=[statement.display_code])

    page = client.get(reverse("certificates:mine")).content.decode()
    assert "Your statements of attendance" in page
    assert f'href="{download}"' in page and TITLE in page

    client.force_login(outsider)
    assert TITLE not in client.get(reverse("certificates:mine")).content.decode()

    record = Attendance.objects.current().get(session=attended)
    correct(client, facilitator, attended, record, "absent", 0)
    client.force_login(named_learner)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert TITLE in page and "Revoked:" in page and "no longer gives credit" in page
    assert f'href="{download}"' not in page

"""Community trainings recorded from a sign-in sheet (R12): typed or uploaded, checked row by
row, all or nothing, at most 500 people; invitations to claim by email, claim codes to print."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings.models import Attendance, SignInSheet, TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(organization):
    person = make_user("facilitator@example.org", display_name="Dana")
    make_member(person, organization, Membership.Role.FACILITATOR)
    return person


@pytest.fixture
def facilitator_client(client, facilitator):
    return sign_in_with_mfa(client, facilitator)


def sheet_form(organization, **changes):
    return {
        "organization": organization.pk,
        "title": "Naloxone at the church hall",
        "course": "",
        "day": "2026-03-14",
        "starts": "18:00",
        "ends": "19:30",
        "time_zone": "America/Chicago",
        "address": "12 Elm Street",
        "room": "Basement",
        "participants": "",
        "naloxone_kits": "24",
        "reversals_reported": "2",
        **changes,
    }


def thirty_people_csv() -> bytes:
    lines = ["name,email,phone"]
    for number in range(1, 31):
        email = f"person{number}@example.org" if number % 3 else ""
        phone = f"555 010 {number:04d}" if number % 2 else ""
        lines.append(f"Person {number},{email},{phone}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_sheet_of_thirty_uploaded_is_recorded_with_invitations_and_codes(
    facilitator_client, facilitator, organization, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("sheet.csv", thirty_people_csv(), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(
            reverse("trainings:new_sheet"),
            {**sheet_form(organization), "participants_file": upload},
            follow=True,
        )

    session = TrainingSession.objects.get()
    assert response.redirect_chain[-1][0] == reverse("trainings:claim_codes", args=[session.code])
    page = response.content.decode()
    assert "The training and its 30 participants are recorded." in page
    assert "We emailed 20 people a link to claim their record." in page
    assert session.status == TrainingSession.Status.CLOSED and session.invitation_only
    assert str(session.contact_hours) == "1.50"
    assert list(session.facilitators.all()) == [facilitator]
    sheet = SignInSheet.objects.get(session=session)
    assert (sheet.naloxone_kits, sheet.reversals_reported) == (24, 2)
    records = Attendance.objects.filter(session=session)
    assert records.count() == 30
    assert {record.method for record in records} == {Attendance.Method.SHEET}
    assert {record.mark for record in records} == {Attendance.Mark.ATTENDED}
    assert {record.minutes_attended for record in records} == {90}
    assert len({record.claim_code for record in records}) == 30
    # Everyone's code is on the page to print, the ones emailed too.
    for record in records:
        assert f"{record.name}</strong>" in page and record.claim_code in page
    assert len(mail.outbox) == 20
    first = next(message for message in mail.outbox if message.to == ["person1@example.org"])
    code = records.get(email="person1@example.org").claim_code
    assert first.subject == "Your record from “Naloxone at the church hall”"
    assert "Hello Person 1," in first.body
    assert "Riverside Syringe Services recorded that you took part" in first.body
    assert f"/trainings/claim/?code={code}" in first.body
    assert f"Your claim code is {code}." in first.body


def test_typed_participants_one_a_line(
    facilitator_client, organization, django_capture_on_commit_callbacks
):
    typed = "Ana López, ana@example.org, 555 123 4567\n\nBo Chen\n  Cy Diaz ,, (555) 765-4321\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(
            reverse("trainings:new_sheet"), sheet_form(organization, participants=typed)
        )
    assert response.status_code == 302
    names = list(Attendance.objects.order_by("name").values_list("name", "email", "phone"))
    assert names == [
        ("Ana López", "ana@example.org", "555 123 4567"),
        ("Bo Chen", "", ""),
        ("Cy Diaz", "", "(555) 765-4321"),
    ]
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_every_rows_problem_is_listed_and_nothing_is_saved(facilitator_client, organization):
    typed = "\n".join(
        [
            "Ana López, ana@example.org",
            ", nobody@example.org",
            "Bo Chen, not-an-email",
            "Cy Diaz, , call me",
            "Di Evans, ANA@example.org",
            "Ed Fox, ed@example.org, 555 1234 567, extra",
        ]
    )

    response = facilitator_client.post(
        reverse("trainings:new_sheet"), sheet_form(organization, participants=typed)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing is recorded until every row is right." in page
    rows = {
        int(number): body
        for number, body in re.findall(r'<th scope="row">(\d+)</th>(.*?)</tr>', page, re.S)
    }
    assert "Fine" in rows[1]
    assert "A name is needed." in rows[2]
    assert "“not-an-email” is not an email address." in rows[3]
    assert "“call me” is not a phone number." in rows[4]
    assert "This email is also on row 1. Each person is listed once." in rows[5]
    assert "This row has more than three parts." in rows[6]
    assert not TrainingSession.objects.exists() and not Attendance.objects.exists()
    assert not SignInSheet.objects.exists() and mail.outbox == []
    # What was typed comes back, so only the wrong rows need fixing.
    assert "Bo Chen, not-an-email" in page


def test_at_most_500_people(facilitator_client, organization):
    many = "\n".join(f"Person {number}" for number in range(501))
    response = facilitator_client.post(
        reverse("trainings:new_sheet"), sheet_form(organization, participants=many)
    )
    assert response.status_code == 200
    assert "This sheet has 501 people. At most 500 can be recorded at once" in (
        response.content.decode()
    )
    assert not TrainingSession.objects.exists()

    exactly = "\n".join(f"Person {number}" for number in range(500))
    response = facilitator_client.post(
        reverse("trainings:new_sheet"), sheet_form(organization, participants=exactly)
    )
    assert response.status_code == 302
    assert Attendance.objects.count() == 500


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants": ""}, "Add at least one participant."),
        ({"ends": "17:00", "participants": "Ana"}, "The training must end after it starts."),
        (
            {"day": "2099-01-01", "participants": "Ana"},
            "Record a training once it has happened: this date is still to come.",
        ),
        ({"address": "", "participants": "Ana"}, "This field is required."),
        ({"naloxone_kits": "-3", "participants": "Ana"}, "greater than or equal to 0"),
    ],
)
def test_the_training_itself_is_checked(facilitator_client, organization, changes, message):
    response = facilitator_client.post(
        reverse("trainings:new_sheet"), sheet_form(organization, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_file_that_is_not_csv_is_refused_clearly(facilitator_client, organization):
    upload = SimpleUploadedFile("sheet.xlsx", b"PK\x03\x04\x00\x00binary", content_type="x")
    response = facilitator_client.post(
        reverse("trainings:new_sheet"), {**sheet_form(organization), "participants_file": upload}
    )
    assert response.status_code == 200
    assert "This file is not a CSV text file. Save the sheet as CSV and try again." in (
        response.content.decode()
    )
    assert not TrainingSession.objects.exists()


def test_colleagues_from_another_organization_cannot_be_listed(
    facilitator_client, facilitator, organization, other_organization
):
    other = make_user("kim@example.org", display_name="Kim")
    make_member(other, other_organization, Membership.Role.FACILITATOR)
    make_member(facilitator, other_organization, Membership.Role.FACILITATOR)
    response = facilitator_client.post(
        reverse("trainings:new_sheet"),
        sheet_form(organization, participants="Ana", facilitators=[other.pk]),
    )
    assert response.status_code == 200
    assert "Kim cannot be listed as running it" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_program_count_asks_only_for_a_number(facilitator_client):
    page = facilitator_client.get(reverse("trainings:new_sheet")).content.decode()
    assert "Only a number. Do not write names or details about anyone." in page
    assert 'name="reversals_reported"' in page and 'type="number"' in page


@pytest.mark.parametrize(
    ("kind", "form_status", "codes_status"),
    [
        ("signed_out", "login", "login"),
        ("outsider", 403, 404),
        ("member", 403, 403),
        ("other_facilitator", 200, 404),
        ("facilitator_without_second_factor", "second factor", "second factor"),
        ("manager", 200, 200),
    ],
)
def test_permission_matrix(
    client,
    facilitator,
    organization,
    other_organization,
    manager,
    member,
    outsider,
    kind,
    form_status,
    codes_status,
):
    sign_in_with_mfa(client, facilitator)
    client.post(reverse("trainings:new_sheet"), sheet_form(organization, participants="Ana"))
    session = TrainingSession.objects.get()
    client.logout()
    if kind == "other_facilitator":
        person = make_user("other-fac@example.org")
        make_member(person, other_organization, Membership.Role.FACILITATOR)
        sign_in_with_mfa(client, person)
    elif kind == "manager":
        sign_in_with_mfa(client, manager)
    elif kind == "facilitator_without_second_factor":
        colleague = make_user("colleague@example.org")
        make_member(colleague, organization, Membership.Role.FACILITATOR)
        sign_in_with_password(client, colleague)
    elif kind != "signed_out":
        client.force_login({"member": member, "outsider": outsider}[kind])

    def outcome(response):
        if response.status_code != 302:
            return response.status_code
        if response["Location"].startswith(reverse("account_login")):
            return "login"
        steps = (reverse("mfa_activate_totp"), reverse("mfa_authenticate"))
        return "second factor" if response["Location"].startswith(steps) else response["Location"]

    assert outcome(client.get(reverse("trainings:new_sheet"))) == form_status
    assert outcome(client.get(reverse("trainings:claim_codes", args=[session.code]))) == (
        codes_status
    )
    client.post(reverse("trainings:new_sheet"), sheet_form(organization, participants="Bo"))
    # Only someone who runs sessions for this organization records one for it.
    assert TrainingSession.objects.count() == (2 if kind == "manager" else 1)

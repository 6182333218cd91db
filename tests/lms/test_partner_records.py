"""The training-records CSV: one row per member and course, streamed, safe for spreadsheets."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.services import set_record_sharing
from basics.spreadsheets import safe_cell
from courses.models import Attempt
from lms.partners.scores import scores_for
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_quiz

from .conftest import certify, enrol, person

pytestmark = pytest.mark.django_db

HEADER = [
    "Name",
    "Email",
    "Role",
    "Course",
    "Enrolled at",
    "Completed at",
    "Post-test best score (%)",
    "Pre-test score (%)",
    "Knowledge gain (points)",
    "Contact hours earned",
    "Certificate code",
    "Status",
    "Valid until",
    "Verification URL",
]


def records(client, organization, **params):
    response = client.get(reverse("partners:records_csv", args=[organization.slug]), params)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body


def rows_of(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def attempt(enrollment, quiz, number, percent):
    return Attempt.objects.create(
        enrollment=enrollment,
        quiz=quiz,
        number=number,
        snapshot={"settings": {"kind": quiz.kind}, "questions": []},
        max_score=4,
        score=Decimal(percent) * 4 / 100,
        percent=Decimal(percent),
        submitted_at=timezone.now(),
        passed=percent >= 80 if quiz.kind == "post_test" else None,
    )


@pytest.fixture
def manager_client(client, manager):
    sign_in_with_mfa(client, manager)
    return client


def test_it_is_utf8_with_a_bom_and_one_row_per_member_and_course(
    manager_client, organization, course, second_course
):
    ana = person("ana@example.org", organization, first="Ana", last="Núñez")
    certificate = certify(ana, course)
    enrol(ana, second_course)

    response, body = records(manager_client, organization)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-training')
    assert body.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == HEADER
    rows = rows_of(body)
    assert len(rows) == 4  # (Ana and the manager) x two courses
    ana_rows = {row["Course"]: row for row in rows if row["Email"] == "ana@example.org"}
    done = ana_rows["Naloxone basics"]
    assert done["Name"] == "Ana Núñez"
    assert done["Role"] == "Member"
    assert done["Contact hours earned"] == "1.5"
    assert done["Certificate code"] == certificate.display_code
    assert done["Status"] == "Certificate valid"
    assert done["Valid until"] == certificate.valid_until.isoformat()
    assert done["Verification URL"] == (f"https://opendoor.test/verify/{certificate.display_code}/")
    started = ana_rows["Motivational interviewing"]
    assert started["Status"] == "In progress"
    assert started["Completed at"] == ""
    assert started["Contact hours earned"] == ""


def test_scores_and_knowledge_gain_come_from_the_attempts(manager_client, organization, course):
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    enrollment = certify(ana, course).enrollment
    attempt(enrollment, pre, 1, 25)
    attempt(enrollment, post, 1, 75)
    attempt(enrollment, post, 2, 100)

    _, body = records(manager_client, organization)

    row = next(row for row in rows_of(body) if row["Email"] == "ana@example.org")
    assert row["Pre-test score (%)"] == "25"
    assert row["Post-test best score (%)"] == "100"
    assert row["Knowledge gain (points)"] == "75"


def test_a_lower_post_test_score_is_a_negative_gain_left_as_a_number(organization, course):
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)
    enrollment = enrol(person("bo@example.org", organization), course)
    attempt(enrollment, pre, 1, 75)
    attempt(enrollment, post, 1, 50)

    scores = scores_for([enrollment.pk])[enrollment.pk]

    assert scores.gain == Decimal("-25.00")
    assert safe_cell(scores.gain) == "-25"


def test_without_a_paired_pre_test_there_is_no_gain(organization, course):
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test")
    enrollment = enrol(person("bo@example.org", organization), course)
    attempt(enrollment, pre, 1, 40)
    attempt(enrollment, post, 1, 90)

    scores = scores_for([enrollment.pk])[enrollment.pk]

    assert (scores.pre, scores.post_best, scores.gain) == (Decimal(40), Decimal(90), None)


@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+9)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_injection_in_names_is_neutralized(manager_client, organization, course, payload):
    someone = person("x@example.org", organization, certificate_name="placeholder")
    someone.first_name, someone.last_name = payload, ""
    someone.save()
    certify(someone, course)

    _, body = records(manager_client, organization)

    row = next(row for row in rows_of(body) if row["Email"] == "x@example.org")
    assert row["Name"] == "'" + payload


def test_an_email_that_looks_like_a_formula_is_neutralized(manager_client, organization, course):
    person("=1+1@example.org", organization, first="Odd", last="Address")

    _, body = records(manager_client, organization)

    assert "'=1+1@example.org" in {row["Email"] for row in rows_of(body)}


def test_the_filters_of_the_staff_page_apply(manager_client, organization, course, second_course):
    certify(person("ana@example.org", organization, first="Ana", last="Lopez"), course)
    enrol(person("bo@example.org", organization, first="Bo", last="Chen"), second_course)

    _, body = records(manager_client, organization, course=course.slug, status="valid")

    assert [(row["Email"], row["Course"]) for row in rows_of(body)] == [
        ("ana@example.org", "Naloxone basics")
    ]


def test_members_who_do_not_share_or_withdrew_are_not_in_it(
    manager_client, organization, other_organization, course
):
    certify(person("private@example.org", organization, shares=False), course)
    certify(person("elsewhere@example.org", other_organization), course)
    withdrew = person("withdrew@example.org", organization)
    certify(withdrew, course)
    set_record_sharing(Membership.objects.get(user=withdrew), share=False)

    _, body = records(manager_client, organization)

    assert {row["Email"] for row in rows_of(body)} == {"manager@example.org"}


def test_many_members_are_read_in_batches(manager_client, organization, course, monkeypatch):
    from lms.partners import queries

    monkeypatch.setattr(queries, "RECORDS_CHUNK", 7)
    for number in range(20):
        certify(
            person(f"p{number:02}@example.org", organization, first="P", last=f"{number:02}"),
            course,
        )

    _, body = records(manager_client, organization)

    rows = rows_of(body)
    assert len(rows) == 21
    assert sum(1 for row in rows if row["Certificate code"]) == 20
    # In name order: the manager (Alex) first, then P 00 to P 19, across three batches.
    assert [row["Email"] for row in rows] == ["manager@example.org"] + [
        f"p{number:02}@example.org" for number in range(20)
    ]


def download_queries(client, organization) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        _, body = records(client, organization)
    assert rows_of(body)
    return [query["sql"] for query in captured.captured_queries]


def test_the_download_asks_the_access_check_once_whatever_the_size(
    manager_client, organization, course
):
    certify(person("first@example.org", organization), course)
    download_queries(manager_client, organization)  # the first fills the list of courses
    few = download_queries(manager_client, organization)
    for number in range(12):
        certify(person(f"p{number:02}@example.org", organization), course)

    many = download_queries(manager_client, organization)

    assert len(many) == len(few)
    # Whether the viewer manages the organization is asked once (not again for the rows).
    manager_checks = [
        sql for sql in many if 'FROM "accounts_membership"' in sql and "LIMIT 1" in sql
    ]
    assert len(manager_checks) == 1, manager_checks


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("plain", "plain"),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (Decimal("-3.50"), "-3.5"),
        (-2, "-2"),
        (datetime.date(2026, 5, 1), "2026-05-01"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected

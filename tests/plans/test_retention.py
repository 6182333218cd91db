"""Record retention (R13): an organization's setting for how long records are kept (6 years
unless changed), shown on its records page; the audit export (a ZIP of CSVs) of its sessions
and of its sharing members' attendance, scores, evaluations and certificates for a date range;
and ``list_past_retention``, which lists what is older than the period and changes nothing."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import Membership
from courses.models import Attempt, EvaluationResponse
from plans import audit
from plans.models import RecordsPolicy
from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.courses.conftest import make_evaluation, make_quiz
from tests.trainings.conftest import make_session
from trainings.models import Attendance, TrainingSession

from .conftest import certify, enrol, person

pytestmark = pytest.mark.django_db


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


@pytest.fixture
def records(organization, naloxone):
    """Ana shares her records; Dee does not. Both took the course and attended a session."""
    ana = person("ana@example.org", organization, first="Ana", last="Diaz")
    dee = person("dee@example.org", organization, shares=False, first="Dee", last="Kay")
    start = (timezone.now() - datetime.timedelta(days=20)).replace(microsecond=0)
    session = make_session(
        organization,
        title='=HYPERLINK("x") overdose response',
        start=start,
        registration_opens=start - datetime.timedelta(days=3),
    )
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CLOSED)
    quiz = make_quiz(naloxone)
    evaluation = make_evaluation(naloxone)
    for who in (ana, dee):
        Attendance.objects.create(
            session=session, person=who, method="facilitator", mark="attended", minutes_attended=120
        )
        enrollment = enrol(who, naloxone)
        Attempt.objects.create(
            enrollment=enrollment,
            quiz=quiz,
            number=1,
            snapshot={"settings": {"kind": "post_test"}, "questions": []},
            max_score=4,
            score=Decimal("3"),
            percent=Decimal("75"),
            submitted_at=timezone.now() - datetime.timedelta(days=10),
            passed=False,
        )
        statement = evaluation.statement_data()[0]
        EvaluationResponse.objects.create(
            enrollment=enrollment,
            evaluation=evaluation,
            statements=[statement],
            ratings={statement["id"]: 4},
            confidence_before=2,
            confidence_after=4,
            comments="Private words",
            submitted_at=timezone.now() - datetime.timedelta(days=9),
        )
        certify(who, naloxone, completed_at=timezone.now() - datetime.timedelta(days=8))
    return ana, dee, session


def test_the_records_page_shows_six_years_by_default_and_saves_a_new_period(
    client, organization, manager
):
    sign_in_with_mfa(client, manager)
    url = reverse("plans:records", args=[organization.slug])

    page = client.get(url).content.decode()
    assert "keeps attendance, scores, evaluations and certificates for 6 years" in page

    bad = client.post(
        reverse("plans:set_retention", args=[organization.slug]), {"retention_years": "0"}
    )
    assert bad.status_code == 400 and not RecordsPolicy.objects.exists()
    saved = client.post(
        reverse("plans:set_retention", args=[organization.slug]),
        {"retention_years": "7"},
        follow=True,
    )
    assert "Records are kept for 7 years." in saved.content.decode()
    assert "for 7 years" in client.get(url).content.decode()
    assert ModelLogEntry.objects.get(action=audit.RETENTION_SET).data == {"years": 7}


def test_the_audit_export_holds_sharing_members_records_only(
    client, organization, manager, records
):
    ana, dee, _session = records
    sign_in_with_mfa(client, manager)
    today = timezone.localdate()

    response = client.get(
        reverse("plans:audit_zip", args=[organization.slug]),
        {"start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()},
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [hosted] = rows(archive, "sessions.csv")
    assert hosted["Session"].startswith("'=HYPERLINK")  # the formula guard
    assert hosted["Attended"] == "2"  # a count, no names
    for name in ("attendance.csv", "scores.csv", "evaluations.csv", "certificates.csv"):
        found = rows(archive, name)
        assert [row["Email"] for row in found] == [ana.email], name
    assert rows(archive, "scores.csv")[0]["Score (%)"] == "75"
    evaluation = rows(archive, "evaluations.csv")[0]
    assert evaluation["Confidence before"] == "2" and "4" in evaluation["Ratings"]
    assert "Private words" not in archive.read("evaluations.csv").decode()
    assert rows(archive, "certificates.csv")[0]["Status"] == "Valid"
    assert dee.email not in "".join(archive.read(n).decode() for n in archive.namelist())
    entry = ModelLogEntry.objects.get(action=audit.AUDIT_EXPORT)
    assert entry.user_id == manager.pk and entry.data["count"] == 5


def test_a_range_outside_the_records_is_empty_and_a_bad_range_is_a_clear_error(
    client, organization, manager, records
):
    sign_in_with_mfa(client, manager)
    url = reverse("plans:audit_zip", args=[organization.slug])

    old = client.get(url, {"start": "2001-01-01", "end": "2001-12-31"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(old.streaming_content)))
    assert all(rows(archive, name) == [] for name in archive.namelist())

    backwards = client.get(url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert backwards.status_code == 400
    assert "The end date is before the start date." in backwards.content.decode()
    missing = client.get(url, {"start": "not a date"})
    assert missing.status_code == 400


def test_list_past_retention_lists_and_changes_nothing(organization, records):
    RecordsPolicy.objects.create(organization=organization, retention_years=1)
    out = StringIO()
    later = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()

    call_command("list_past_retention", "--date", later, "--organization", "riverside", stdout=out)

    text = out.getvalue()
    assert "Dry run: nothing is changed or deleted." in text
    assert "riverside: kept 1 years" in text
    assert "sessions 1, attendance 1, scores 1, evaluations 1, certificates 1" in text
    assert Attendance.objects.count() == 2 and Attempt.objects.count() == 2
    out = StringIO()
    call_command("list_past_retention", "--organization", "riverside", stdout=out)
    assert "sessions 0, attendance 0, scores 0, evaluations 0, certificates 0" in out.getvalue()


def test_permission_rows(client, organization, manager, member, other_manager):
    slug = organization.slug
    pages = [
        ("get", reverse("plans:records", args=[slug])),
        ("post", reverse("plans:set_retention", args=[slug])),
        ("get", reverse("plans:audit_zip", args=[slug]) + "?start=2026-01-01&end=2026-02-01"),
    ]

    def answers():
        return [getattr(client, method)(url).status_code for method, url in pages]

    assert all(code == 302 for code in answers())  # sign in first
    client.force_login(member)
    assert answers() == [403, 403, 403]
    sign_in_with_mfa(client, other_manager)
    assert answers() == [404, 404, 404]
    plain = make_user("facilitator@example.org")
    make_member(plain, organization, Membership.Role.FACILITATOR)
    client.force_login(plain)
    assert answers() == [403, 403, 403]
    sign_in_with_mfa(client, manager)
    assert client.get(pages[0][1]).status_code == 200
    assert client.get(pages[1][1]).status_code == 405
    assert client.get(pages[2][1]).status_code == 200

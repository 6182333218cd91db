"""The manager's compliance view and its CSV and XLSX downloads."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from certificates.models import Certificate
from certificates.services import build_certificate
from courses.models import Enrollment
from lms.scale_data import build_certificate_like
from tests.conftest import sign_in_with_mfa

from .conftest import certify, enrol, joined, make_plan, make_tag, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, manager):
    return sign_in_with_mfa(client, manager)


@pytest.fixture
def team(organization, naloxone):
    """Ana finished (valid certificate), Ben started, Cam not started and late, Dee does not
    share her records (though she finished)."""
    ana = person("ana@example.org", organization, first="Ana", last="Alvarez")
    ben = person("ben@example.org", organization, first="Ben", last="Brown")
    cam = person("cam@example.org", organization, first="Cam", last="Chen")
    dee = person("dee@example.org", organization, first="Dee", last="Diaz", shares=False)
    certify(ana, naloxone, valid_until=timezone.localdate() + datetime.timedelta(days=300))
    certify(dee, naloxone, valid_until=timezone.localdate() + datetime.timedelta(days=300))
    enrol(ben, naloxone)
    joined(cam.memberships.get(), days_ago=45)
    return {"ana": ana, "ben": ben, "cam": cam, "dee": dee}


@pytest.fixture
def plan(organization, naloxone, anti_stigma, team, manager):
    members = [team[name].memberships.get() for name in ("ana", "ben", "cam", "dee")]
    return make_plan(
        organization,
        [naloxone, anti_stigma],
        assign_to="people",
        members=members,
        due_within_days=30,
    )


def url(plan, name="compliance", **query):
    address = reverse(f"plans:{name}", args=[plan.organization.slug, plan.code])
    if query:
        from urllib.parse import urlencode

        address += "?" + urlencode(query)
    return address


def rows_of(response):
    return {row.membership.user.email: row for row in response.context["page"].object_list}


def test_each_member_and_course_shows_its_status(signed_in, plan, team):
    response = signed_in.get(url(plan))

    rows = rows_of(response)
    assert [s.status for s in rows["ana@example.org"].statuses] == ["done", "not_started"]
    assert [s.status for s in rows["ben@example.org"].statuses] == ["in_progress", "not_started"]
    assert [s.status for s in rows["cam@example.org"].statuses] == ["overdue", "overdue"]
    assert rows["dee@example.org"].statuses is None
    page = response.content.decode()
    assert "Not shared" in page and "Overdue" in page and "In progress" in page


def test_a_member_who_does_not_share_shows_only_not_shared(signed_in, plan, team):
    page = signed_in.get(url(plan)).content.decode()
    dee_row = page[page.index("dee@example.org") :].split("</tr>")[0]

    assert "Not shared" in dee_row
    assert "Done" not in dee_row and "due" not in dee_row


def test_filters_by_status_and_tag(signed_in, organization, plan, team):
    outreach = make_tag(organization, "outreach", team["ben"].memberships.get())

    overdue = rows_of(signed_in.get(url(plan, status="overdue")))
    not_shared = rows_of(signed_in.get(url(plan, status="not_shared")))
    tagged = rows_of(signed_in.get(url(plan, tag=outreach.code)))
    nonsense = signed_in.get(url(plan, status="<script>"))

    assert set(overdue) == {"cam@example.org"}
    assert set(not_shared) == {"dee@example.org"}
    assert set(tagged) == {"ben@example.org"}
    assert nonsense.status_code == 200 and len(rows_of(nonsense)) == 4


def test_sorts_by_name_email_joined_and_due_and_paginates(signed_in, plan, team):
    by_name = list(rows_of(signed_in.get(url(plan))))
    backwards = list(rows_of(signed_in.get(url(plan, sort="-name"))))
    by_due = list(rows_of(signed_in.get(url(plan, sort="due"))))

    assert by_name == ["ana@example.org", "ben@example.org", "cam@example.org", "dee@example.org"]
    assert backwards == list(reversed(by_name))
    assert by_due[0] == "cam@example.org"  # the earliest date still to meet


def test_csv_and_xlsx_hold_the_same_rows(signed_in, plan, team, naloxone):
    csv_response = signed_in.get(url(plan, "compliance_csv"))
    xlsx_response = signed_in.get(url(plan, "compliance_xlsx"))

    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text)))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    xlsx_rows = [
        ["" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v)) for v in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert csv_response["Content-Type"].startswith("text/csv")
    assert xlsx_response["Content-Disposition"].endswith('.xlsx"')
    assert csv_rows == xlsx_rows
    assert csv_rows[0][:3] == ["Name", "Email", naloxone.title]
    by_email = {row[1]: row for row in csv_rows[1:]}
    assert by_email["ana@example.org"][2] == "Done"
    assert by_email["cam@example.org"][2] == "Overdue"
    assert by_email["dee@example.org"][2:] == ["Not shared", "", "Not shared", ""]


def test_downloads_guard_against_formulas(signed_in, organization, plan):
    sly = person("sly@example.org", organization, first='=HYPERLINK("http://x")', last="")
    plan.members.add(sly.memberships.get())

    text = b"".join(signed_in.get(url(plan, "compliance_csv")).streaming_content).decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(signed_in.get(url(plan, "compliance_xlsx")).streaming_content))
    )

    assert "'=HYPERLINK" in text
    cells = [
        c
        for row in workbook.active.iter_rows()
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].value.startswith("'=")


def test_a_member_who_stops_sharing_disappears_from_the_view_and_downloads_at_once(
    signed_in, plan, team
):
    assert rows_of(signed_in.get(url(plan)))["ana@example.org"].shares
    Membership.objects.filter(user=team["ana"]).update(records_shared_at=None)

    row = rows_of(signed_in.get(url(plan)))["ana@example.org"]
    text = b"".join(signed_in.get(url(plan, "compliance_csv")).streaming_content).decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(signed_in.get(url(plan, "compliance_xlsx")).streaming_content))
    )

    assert row.statuses is None
    ana_line = next(line for line in text.splitlines() if "ana@example.org" in line)
    assert "Done" not in ana_line and "Not shared" in ana_line
    ana_cells = next(
        r for r in workbook.active.iter_rows(values_only=True) if "ana@example.org" in r
    )
    assert "Done" not in ana_cells and "Not shared" in ana_cells


def crowd(organization, plan, courses, count: int, start: int = 0) -> None:
    """`count` more assigned members: a third finished, a third started, some not sharing."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"crowd{n}@example.org", first_name=f"Person {n}")
            for n in range(start, start + count)
        ]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                user=user, organization=organization, records_shared_at=None if n % 7 == 0 else now
            )
            for n, user in enumerate(users)
        ]
    )
    if plan.assign_to == "people":
        plan.members.add(*memberships)
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(user=user, course=course, completed_at=now if n % 3 == 0 else None)
            for n, user in enumerate(users)
            if n % 3 != 2
            for course in courses
        ]
    )
    completed = [e for e in enrollments if e.completed_at]
    users_by_id = {user.pk: user for user in users}
    if completed:
        template = build_certificate(completed[0], name="template")
        certificates = []
        for enrollment in completed:
            enrollment.user = users_by_id[enrollment.user_id]
            enrollment.course = next(c for c in courses if c.pk == enrollment.course_id)
            certificate = build_certificate_like(template, enrollment, timezone.localdate())
            certificate.learner_name = "Crowd"
            certificate.pdf.name = "certificates/none/placeholder.pdf"
            certificate.pdf_sha256 = "0" * 64
            certificates.append(certificate)
        Certificate.objects.bulk_create(certificates, batch_size=500)


def test_the_view_costs_the_same_queries_for_10_and_1000_members(
    signed_in, organization, naloxone, anti_stigma
):
    plan = make_plan(organization, [naloxone, anti_stigma])
    crowd(organization, plan, [naloxone, anti_stigma], 10)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = signed_in.get(url(plan))
        assert response.status_code == 200
        return len(captured), response

    few, small = queries()
    crowd(organization, plan, [naloxone, anti_stigma], 990, start=10)
    many, large = queries()

    assert small.context["page"].paginator.count == 11  # the manager is assigned too
    assert large.context["page"].paginator.count == 1001
    assert large.context["page"].paginator.num_pages == 41  # 25 a page
    assert len(large.context["page"].object_list) == 25
    assert few == many

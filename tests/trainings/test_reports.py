"""An organization's live-training report (sessions held, registered vs attended, hours,
kits, by month and course) and the roster CSV of one session."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings.models import Attendance, Registration, TrainingSession

from .conftest import make_session

pytestmark = pytest.mark.django_db


def past_session(organization, days_ago, **fields):
    start = (timezone.now() - datetime.timedelta(days=days_ago)).replace(microsecond=0)
    return make_session(
        organization, start=start, registration_opens=start - datetime.timedelta(days=5), **fields
    )


@pytest.fixture
def facilitator(organization):
    person = make_user("facilitator@example.org", display_name="Dana")
    make_member(person, organization, Membership.Role.FACILITATOR)
    return person


@pytest.fixture
def held(organization, other_organization, facilitator):
    """A session held with registrations and attendance, a sheet, and ones that do not count."""
    session = past_session(organization, 10, title="MI basics")
    people = [make_user(f"p{n}@example.org", display_name=f"P{n}") for n in range(3)]
    for person in people:
        Registration.objects.create(
            session=session, person=person, status=Registration.Status.REGISTERED
        )
    Attendance.objects.create(
        session=session,
        person=people[0],
        method=Attendance.Method.FACILITATOR,
        minutes_attended=120,
        mark=Attendance.Mark.ATTENDED,
    )
    Attendance.objects.create(
        session=session, person=people[1], method="facilitator", mark=Attendance.Mark.ABSENT
    )
    Attendance.objects.create(
        session=session, name='=HYPERLINK("http://x")', method="facilitator", minutes_attended=60
    )
    cancelled = past_session(organization, 5, title="Cancelled one")
    TrainingSession.objects.filter(pk=cancelled.pk).update(status="cancelled")
    make_session(organization, title="Still to come")
    past_session(other_organization, 10, title="Elsewhere")
    return session


def record_sheet(client, organization, days_ago=20):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post(
        reverse("trainings:new_sheet"),
        {
            "organization": organization.pk,
            "title": "Naloxone in the park",
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "11:30",
            "time_zone": "America/Los_Angeles",
            "address": "Riverside Park",
            "participants": "\n".join(f"Person {n}" for n in range(5)),
            "naloxone_kits": "24",
        },
    )
    assert response.status_code == 302
    return day


def test_a_manager_sees_the_organizations_figures(client, manager, facilitator, organization, held):
    sign_in_with_mfa(client, facilitator)
    day = record_sheet(client, organization)
    sign_in_with_mfa(client, manager)

    response = client.get(reverse("trainings:report", args=[organization.slug]))

    assert response.status_code == 200
    total = response.context["report"].total
    assert (total.sessions, total.registered, total.attended, total.kits) == (2, 3, 7, 24)
    assert str(total.hours_delivered) == "3.50"
    assert str(total.participant_hours_shown) == "10.5"  # 2 h + 1 h, and 5 people for 1.5 h each
    lines = {(line.month, line.course): line for line in response.context["report"].lines}
    sheet_line = lines[(day.strftime("%Y-%m"), "Standalone: Naloxone in the park")]
    assert (sheet_line.sessions, sheet_line.registered, sheet_line.attended) == (1, 0, 5)
    page = response.content.decode()
    assert "MI basics" in page and "Naloxone in the park" in page
    assert "Cancelled one" not in page and "Still to come" not in page
    assert "Elsewhere" not in page
    assert mail.outbox == []


def test_the_roster_csv_lists_everyone_and_defuses_formulas(client, manager, organization, held):
    sign_in_with_mfa(client, manager)

    response = client.get(reverse("trainings:roster_csv", args=[held.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Name", "Email", "Phone", "Registration"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["P0"][3] == "Registered" and by_name["P0"][7] == "120"
    assert by_name["P0"][8] == "Attended"
    assert by_name["P1"][8] == "Absent"
    assert by_name["P2"][4] == ""  # registered, never checked in
    assert '\'=HYPERLINK("http://x")' in by_name  # a spreadsheet shows it as text
    assert len(rows) == 5
    entry = ModelLogEntry.objects.get(action="trainings.roster_csv")
    assert entry.data["session"] == held.code


def outcome(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(reverse("account_login")):
        return "login"
    steps = (reverse("mfa_activate_totp"), reverse("mfa_authenticate"))
    return "second factor" if location.startswith(steps) else location


@pytest.mark.parametrize(
    ("kind", "report", "roster"),
    [
        ("signed_out", "login", "login"),
        ("outsider", 404, 403),
        ("member", 403, 403),
        ("other_facilitator", 404, 403),
        ("facilitator_of_the_session", 403, 200),
        ("manager_without_second_factor", "second factor", "second factor"),
        ("manager", 200, 200),
    ],
)
def test_permission_matrix(
    client,
    organization,
    other_organization,
    manager,
    member,
    outsider,
    facilitator,
    held,
    kind,
    report,
    roster,
):
    if kind == "other_facilitator":
        person = make_user("other-fac@example.org")
        make_member(person, other_organization, Membership.Role.FACILITATOR)
        sign_in_with_mfa(client, person)
    elif kind == "facilitator_of_the_session":
        held.facilitators.add(facilitator)
        sign_in_with_mfa(client, facilitator)
    elif kind == "manager_without_second_factor":
        sign_in_with_password(client, manager)
    elif kind == "manager":
        sign_in_with_mfa(client, manager)
    elif kind != "signed_out":
        client.force_login({"member": member, "outsider": outsider}[kind])

    assert outcome(client.get(reverse("trainings:report", args=[organization.slug]))) == report
    assert outcome(client.get(reverse("trainings:report_csv", args=[organization.slug]))) == report
    assert outcome(client.get(reverse("trainings:roster_csv", args=[held.code]))) == roster
    assert ModelLogEntry.objects.filter(action="trainings.roster_csv").exists() is (roster == 200)


def test_the_report_and_roster_take_no_posts(client, manager, organization, held):
    sign_in_with_mfa(client, manager)
    assert client.post(reverse("trainings:report", args=[organization.slug])).status_code == 405
    assert client.post(reverse("trainings:roster_csv", args=[held.code])).status_code == 405


def coalition_with_sessions(settings, organization, other_organization):
    """A coalition of both organizations, each of which held a session this quarter: a sheet
    of 15 people in one, 3 people in the other. Cells under 11 are hidden. Returns the
    coalition and its lead."""
    from accounts.models import Organization
    from lms.partners.filters import quarter_start

    settings.PARTNER_MIN_CELL_SIZE = 11
    coalition = Organization.objects.create(
        name="River Valley Coalition", slug="river-valley", kind=Organization.Kind.COALITION
    )
    coalition.member_organizations.add(organization, other_organization)
    lead = make_user("lead@example.org")
    make_member(lead, coalition, Membership.Role.MANAGER)
    days_ago = min(3, (timezone.localdate() - quarter_start(timezone.localdate())).days)
    start = (timezone.now() - datetime.timedelta(days=days_ago, hours=3)).replace(microsecond=0)
    opens = start - datetime.timedelta(days=1)
    big = make_session(organization, start=start, registration_opens=opens, title="Big one")
    small = make_session(
        other_organization, start=start, registration_opens=opens, title="Small one"
    )
    for session, how_many in ((big, 15), (small, 3)):
        Attendance.objects.bulk_create(
            Attendance(session=session, name=f"{session.title} {n}", method="sheet")
            for n in range(how_many)
        )
    return coalition, lead


def test_coalition_figures_count_sessions_and_hide_small_numbers(
    client, settings, organization, other_organization
):
    coalition, lead = coalition_with_sessions(settings, organization, other_organization)

    sign_in_with_mfa(client, lead)
    response = client.get(reverse("partners:coalition", args=[coalition.slug]))

    assert response.status_code == 200
    rows = {row.label: row for row in response.context["session_rows"]}
    assert rows["Riverside Syringe Services"].sessions == 1
    assert rows["Valley County Health Department"].attended.text == "<11"
    # One hidden cell would be worked out from the total: the next smallest is hidden too.
    assert rows["Riverside Syringe Services"].attended.text == "<11"
    assert response.context["session_total"].attended.text == "18"
    page = response.content.decode()
    assert "Live and community trainings" in page and "Small one 0" not in page


def test_the_coalition_csv_carries_the_session_figures_with_the_same_hidden_cells(
    client, settings, organization, other_organization
):
    coalition, lead = coalition_with_sessions(settings, organization, other_organization)
    sign_in_with_mfa(client, lead)
    response = client.get(reverse("partners:coalition_csv", args=[coalition.slug]))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert header[-4:] == ["Sessions held", "Registered", "Attended", "Naloxone kits handed out"]
    assert all(len(row) == len(header) for row in rows)
    sessions = {
        row[1]: dict(zip(header[-4:], row[-4:], strict=True))
        for row in rows
        if row[0] == "Live and community trainings"
    }
    assert sessions == {
        "Riverside Syringe Services": {
            "Sessions held": "1",
            "Registered": "0",
            "Attended": "<11",
            "Naloxone kits handed out": "0",
        },
        "Valley County Health Department": {
            "Sessions held": "1",
            "Registered": "0",
            "Attended": "<11",
            "Naloxone kits handed out": "0",
        },
        "Total": {
            "Sessions held": "2",
            "Registered": "0",
            "Attended": "18",
            "Naloxone kits handed out": "0",
        },
    }
    body = "\n".join(",".join(row) for row in rows)
    assert "Small one" not in body and "Big one" not in body


def months_ago(count: int) -> str:
    from basics.dates import add_months

    return f"{add_months(timezone.localdate().replace(day=1), -count):%Y-%m}"


def report_page(client, organization, **window):
    return client.get(reverse("trainings:report", args=[organization.slug]), window)


def report_csv(client, organization, **window):
    response = client.get(reverse("trainings:report_csv", args=[organization.slug]), window)
    if response.status_code != 200:
        return response.status_code, response.content.decode()
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return 200, list(csv.reader(io.StringIO(text)))


def test_the_manager_chooses_the_months_for_the_page_and_the_csv(
    client, manager, organization, held
):
    old = past_session(organization, 420, title="Long ago")  # about 14 months back
    sign_in_with_mfa(client, manager)

    page = report_page(client, organization).content.decode()
    assert "MI basics" in page and "Long ago" not in page  # the last 12 months by default

    window = {"first_month": months_ago(15), "last_month": months_ago(0)}
    response = report_page(client, organization, **window)
    assert response.status_code == 200
    page = response.content.decode()
    assert "MI basics" in page and "Long ago" in page
    assert "16 months" in page
    assert f"first_month={window['first_month']}" in page  # the CSV link keeps the window
    status, rows = report_csv(client, organization, **window)
    assert status == 200
    assert rows[0][:3] == ["Month", "Course or topic", "Sessions held"]
    old_month = timezone.localtime(old.start, old.zone).strftime("%Y-%m")
    assert [old_month, "Standalone: Long ago", "1", "0", "0", "2", "0", "0"] in rows
    assert rows[-1][:3] == ["Total", "", "2"]

    only_old = {"first_month": months_ago(15), "last_month": months_ago(12)}
    page = report_page(client, organization, **only_old).content.decode()
    assert "Long ago" in page and "MI basics" not in page
    status, rows = report_csv(client, organization, **only_old)
    assert rows[-1][:3] == ["Total", "", "1"]


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"first_month": "March", "last_month": ""}, "Write the month as year and month"),
        ({"first_month": "2026-13", "last_month": ""}, "Write the month as year and month"),
        ({"first_month": months_ago(1), "last_month": months_ago(3)}, "must come before"),
        ({"first_month": months_ago(40), "last_month": months_ago(0)}, "36 months at most"),
        ({"first_month": months_ago(2), "last_month": months_ago(-2)}, "this month at the latest"),
    ],
)
def test_a_bad_window_is_explained_and_shows_no_figures(
    client, manager, organization, held, window, message
):
    sign_in_with_mfa(client, manager)
    response = report_page(client, organization, **window)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "MI basics" not in page and "Download these figures" not in page
    assert report_csv(client, organization, **window)[0] == 400
    assert message in report_csv(client, organization, **window)[1]

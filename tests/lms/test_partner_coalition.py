"""Coalition figures: counts across member organizations, small cells hidden, chart and CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from certificates.models import Certificate
from lms.partners.chart import certificates_chart, nice_step
from lms.partners.filters import quarter_key, quarter_start
from lms.partners.suppression import Figure, count, protect, protect_table
from tests.conftest import make_member, sign_in_with_mfa
from tests.courses.conftest import make_quiz

from .conftest import certify, person
from .test_partner_records import attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client, coalition_manager):
    sign_in_with_mfa(client, coalition_manager)
    return client


def figures_page(client, coalition, **params):
    response = client.get(reverse("partners:coalition", args=[coalition.slug]), params)
    assert response.status_code == 200
    return response


def trained(organization, course, how_many, prefix, **extra):
    people = []
    for number in range(how_many):
        someone = person(
            f"{prefix}{number}@example.org", organization, first=prefix, last=str(number)
        )
        certify(someone, course, **extra)
        people.append(someone)
    return people


def by_label(rows):
    return {row.label: row for row in rows}


def test_counts_per_organization_and_course_with_small_cells_hidden(
    lead_client, coalition, organization, other_organization, course
):
    third = Organization.objects.create(name="Third Street Outreach", slug="third", kind="other")
    third.coalitions.add(coalition)
    trained(organization, course, 11, "river")
    trained(other_organization, course, 3, "valley")
    trained(third, course, 9, "third")  # the two hidden rows are 12 people together

    figures = figures_page(lead_client, coalition).context["figures"]

    organizations = by_label(figures.organizations)
    assert organizations["Riverside Syringe Services"].people.text == "11"
    assert organizations["Riverside Syringe Services"].certificates.text == "11"
    assert organizations["Riverside Syringe Services"].hours.text == "16.5"
    assert organizations["Valley County Health Department"].people.text == "<11"
    assert organizations["Valley County Health Department"].hours.text == "hidden"
    assert organizations["Third Street Outreach"].people.text == "<11"
    assert by_label(figures.courses)["Naloxone basics"].people.text == "23"
    assert figures.total.certificates.text == "23"


def test_hidden_rows_that_add_up_to_a_small_number_hide_another_row(
    lead_client, coalition, organization, other_organization, course
):
    third = Organization.objects.create(name="Third Street Outreach", slug="third", kind="other")
    third.coalitions.add(coalition)
    trained(organization, course, 11, "river")
    trained(other_organization, course, 3, "valley")
    trained(third, course, 2, "third")

    figures = figures_page(lead_client, coalition).context["figures"]

    # The total (16) minus Riverside's 11 would say the other two trained 5 people together.
    assert figures.total.people.text == "16"
    assert {row.people.text for row in figures.organizations} == {"<11"}


def test_the_threshold_is_a_setting(lead_client, settings, coalition, organization, course):
    settings.PARTNER_MIN_CELL_SIZE = 2
    trained(organization, course, 2, "river")

    page = figures_page(lead_client, coalition)

    row = by_label(page.context["figures"].organizations)["Riverside Syringe Services"]
    assert row.people.text == "2"
    assert "fewer than 2 people" in page.content.decode()


def test_a_single_hidden_cell_hides_the_next_smallest_too(
    lead_client, settings, coalition, organization, other_organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 3
    third = Organization.objects.create(name="Third Street Outreach", slug="third", kind="other")
    third.coalitions.add(coalition)
    trained(organization, course, 6, "river")
    trained(other_organization, course, 4, "valley")
    trained(third, course, 1, "third")

    figures = figures_page(lead_client, coalition).context["figures"]

    people = {row.label: row.people.text for row in figures.organizations}
    assert people == {
        "Riverside Syringe Services": "6",
        "Valley County Health Department": "<3",  # hidden so "third" cannot be worked out
        "Third Street Outreach": "<3",
    }
    assert figures.total.people.text == "11"


def test_only_sharing_members_of_member_organizations_count(
    lead_client, settings, coalition, organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 1
    outside = Organization.objects.create(name="Not in it", slug="not-in-it", kind="other")
    trained(organization, course, 2, "river")
    certify(person("private@example.org", organization, shares=False), course)
    certify(person("outside@example.org", outside), course)
    revoked = trained(organization, course, 1, "revoked")[0]
    Certificate.objects.filter(learner=revoked).update(
        status=Certificate.Status.REVOKED, revocation_reason="Issued by mistake."
    )

    figures = figures_page(lead_client, coalition).context["figures"]

    assert figures.total.people.text == "3"  # completions: two, plus the revoked one
    assert figures.total.certificates.text == "2"


def test_no_learner_is_named_on_the_page_or_in_the_csv(
    lead_client, settings, coalition, organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 1
    someone = person("ana.lopez@example.org", organization, first="Ana", last="Lopez")
    certify(someone, course)

    page = figures_page(lead_client, coalition).content.decode()
    csv_body = b"".join(
        lead_client.get(reverse("partners:coalition_csv", args=[coalition.slug])).streaming_content
    ).decode("utf-8-sig")

    for text in (page, csv_body):
        assert "Lopez" not in text
        assert "ana.lopez@example.org" not in text


def test_a_learner_who_is_a_member_of_the_coalition_itself_is_visible_to_it(
    lead_client, coalition, organization
):
    direct = person("direct@example.org", coalition, first="Dee", last="Rect")
    make_member(direct, organization)
    person("only-river@example.org", organization, first="Only", last="River")

    page = lead_client.get(reverse("partners:staff", args=[coalition.slug])).content.decode()

    assert "Dee Rect" in page
    assert "Only River" not in page


def test_mean_knowledge_gain_per_course_shows_from_the_threshold(
    lead_client, settings, coalition, organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 3
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)
    for number, (before, after) in enumerate([(25, 100), (50, 75), (0, 100)]):
        enrollment = certify(person(f"k{number}@example.org", organization), course).enrollment
        attempt(enrollment, pre, 1, before)
        attempt(enrollment, post, 1, after)

    figures = figures_page(lead_client, coalition).context["figures"]

    gain = by_label(figures.courses)["Naloxone basics"].gain
    assert gain.value == Decimal("66.7")  # (75 + 25 + 100) / 3
    assert gain.text == "66.7"


def test_the_period_is_a_calendar_quarter(lead_client, settings, coalition, organization, course):
    settings.PARTNER_MIN_CELL_SIZE = 1
    long_ago = timezone.now() - datetime.timedelta(days=200)
    trained(organization, course, 2, "old", completed_at=long_ago, issued_at=long_ago)
    trained(organization, course, 1, "new")

    recent = figures_page(lead_client, coalition).context["figures"]
    quarter = quarter_key(quarter_start(timezone.localtime(long_ago).date()))
    old = figures_page(lead_client, coalition, quarter=quarter)

    assert recent.total.certificates.text == "1"
    assert old.context["figures"].total.certificates.text == "2"
    assert len(old.context["figures"].months) == 3


def test_the_chart_is_an_accessible_svg_with_the_table_beside_it(
    lead_client, settings, coalition, organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 2
    trained(organization, course, 3, "river")

    page = figures_page(lead_client, coalition).content.decode()

    assert 'role="img"' in page
    assert '<title id="chart-title">Certificates issued per month, by course</title>' in page
    assert 'aria-labelledby="chart-title chart-desc"' in page
    assert (
        '<caption id="chart-table-caption">Certificates issued per month, by course</caption>'
        in page
    )
    # The table scrolls sideways on a phone: a focusable region, named by its caption.
    assert 'role="region" tabindex="0" aria-labelledby="chart-table-caption"' in page
    assert "<script" not in page


def test_the_csv_has_the_same_figures_and_hidden_cells(
    lead_client, coalition, organization, course
):
    trained(organization, course, 2, "river")

    response = lead_client.get(reverse("partners:coalition_csv", args=[coalition.slug]))

    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Table",
        "Organization, course or month",
        "People trained",
        "Certificates issued",
    ]
    river = next(row for row in rows if row[1] == "Riverside Syringe Services")
    assert river[2:5] == ["<11", "<11", "hidden"]


# The pieces -----------------------------------------------------------------------------


def test_protect_hides_the_next_smallest_when_one_cell_is_hidden(settings):
    settings.PARTNER_MIN_CELL_SIZE = 11
    series = [count(40), count(3), count(20), count(15)]

    protect(series)

    assert [figure.text for figure in series] == ["40", "<11", "20", "<11"]


def test_protect_table_works_along_rows_and_columns(settings):
    settings.PARTNER_MIN_CELL_SIZE = 11
    table = [[count(30), count(2)], [count(40), count(50)]]

    protect_table(table)

    hidden = [[figure.hidden for figure in row] for row in table]
    assert hidden == [[True, True], [True, True]]


def test_zero_is_shown_as_zero_and_never_hidden_as_a_partner(settings):
    settings.PARTNER_MIN_CELL_SIZE = 11
    series = [count(0), count(3), count(0), count(25), count(30)]

    protect(series)

    assert count(0).text == "0"
    assert [figure.text for figure in series] == ["0", "<11", "0", "<11", "30"]
    assert Figure(None, 20, is_count=False).text == "—"


def test_months_without_activity_say_0_and_busy_ones_show_their_number(
    lead_client, settings, coalition, organization, other_organization, course
):
    settings.PARTNER_MIN_CELL_SIZE = 11
    first_month = quarter_start(timezone.localdate() - datetime.timedelta(days=200))
    busy = timezone.make_aware(datetime.datetime.combine(first_month, datetime.time(12)))
    busy += datetime.timedelta(days=3)
    trained(organization, course, 8, "river", completed_at=busy, issued_at=busy)
    trained(other_organization, course, 4, "valley", completed_at=busy, issued_at=busy)

    page = figures_page(lead_client, coalition, quarter=quarter_key(first_month))

    months = page.context["figures"].months
    assert [row.people.text for row in months] == ["12", "0", "0"]
    assert [row.certificates.text for row in months] == ["12", "0", "0"]
    organizations = by_label(page.context["figures"].organizations)
    assert organizations["Riverside Syringe Services"].people.text == "<11"
    body = page.content.decode()
    assert "<td>0</td>" in body and "<td>12</td>" in body


@pytest.mark.parametrize(
    ("maximum", "step"), [(1, 1), (5, 1), (7, 2), (23, 5), (120, 50), (999, 200)]
)
def test_nice_step(maximum, step):
    assert nice_step(maximum) == step


def test_hidden_points_break_the_line(settings):
    settings.PARTNER_MIN_CELL_SIZE = 11
    months = [datetime.date(2026, month, 1) for month in range(1, 5)]

    chart = certificates_chart(
        months, ["Naloxone basics"], [[count(12), count(20), count(3), count(30)]]
    )

    (line,) = chart.series
    assert [point.value for point in line.points] == [12, 20, 30]
    assert len(line.paths) == 1  # 12-20; 30 stands alone
    assert not chart.empty


def test_the_figures_cost_the_same_queries_at_three_times_the_people(
    lead_client, settings, coalition, organization, other_organization, course
):
    """Counted in the database, grouped: the page reads no row per person, so growing the
    coalition's people (with certificates and paired test scores) adds no query."""
    settings.PARTNER_MIN_CELL_SIZE = 3
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)

    def add_people(how_many, prefix):
        for number in range(how_many):
            where = organization if number % 2 else other_organization
            someone = person(f"{prefix}{number}@example.org", where)
            enrollment = certify(someone, course).enrollment
            attempt(enrollment, pre, 1, 40)
            attempt(enrollment, post, 1, 90)

    url = reverse("partners:coalition", args=[coalition.slug])

    def queries_and_figures():
        with CaptureQueriesContext(connection) as captured:
            response = lead_client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response.context["figures"]

    add_people(4, "few")
    few, figures = queries_and_figures()
    assert figures.total.people.text == "4"
    add_people(8, "more")
    more, figures = queries_and_figures()

    assert figures.total.people.text == "12"
    assert by_label(figures.courses)["Naloxone basics"].gain.text == "50"
    assert more == few

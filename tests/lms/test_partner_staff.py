"""The staff progress page: who is listed, each course's status, filters, sorting, pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.services import leave_organization, set_record_sharing
from certificates.models import Certificate
from courses import services as course_services
from courses.models import CatalogPage, Enrollment
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_course as make_course_with_lessons

from .conftest import certify, enrol, person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def staff_page(client, organization, **params):
    return client.get(reverse("partners:staff", args=[organization.slug]), params)


@pytest.fixture
def manager_client(client, manager):
    sign_in_with_mfa(client, manager)
    return client


@pytest.fixture
def lessons_course(db):
    return make_course_with_lessons(CatalogPage.objects.get(), "Overdose response", lessons=4)


def test_only_members_who_share_their_records_are_listed(
    manager_client, organization, other_organization
):
    person("shares@example.org", organization, first="Ana", last="Lopez")
    person("private@example.org", organization, shares=False, first="Bo", last="Chen")
    person("elsewhere@example.org", other_organization, first="Cy", last="Diaz")

    page = staff_page(manager_client, organization).content.decode()

    assert "Ana Lopez" in page
    assert "Bo Chen" not in page
    assert "Cy Diaz" not in page


def test_a_member_who_withdraws_consent_or_leaves_disappears_at_once(manager_client, organization):
    withdrawing = person("w@example.org", organization, first="Wren", last="Ito")
    leaving = person("l@example.org", organization, first="Lee", last="Park")
    assert "Wren Ito" in staff_page(manager_client, organization).content.decode()

    set_record_sharing(Membership.objects.get(user=withdrawing), share=False)
    leave_organization(Membership.objects.get(user=leaving))

    page = staff_page(manager_client, organization).content.decode()
    assert "Wren Ito" not in page
    assert "Lee Park" not in page


def test_each_course_shows_where_the_member_stands(
    manager_client, organization, course, second_course, lessons_course
):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    certify(ana, course)  # valid for 24 months
    enrollment = enrol(ana, lessons_course)
    course_services.complete_lesson(enrollment, next(iter(lessons_course.live_lessons())))
    bo = person("bo@example.org", organization, first="Bo", last="Chen")
    certify(bo, course, valid_until=TODAY + datetime.timedelta(days=30))
    enrol(bo, second_course, completed_at=timezone.now())  # completed, no certificate yet
    cy = person("cy@example.org", organization, first="Cy", last="Diaz")
    certify(cy, course, valid_until=TODAY - datetime.timedelta(days=1))

    page = staff_page(manager_client, organization).content.decode()

    assert "Certificate valid until" in page
    assert "In progress: 25%" in page
    assert "Certificate expires" in page
    assert "certificate not issued yet" in page
    assert "Certificate expired" in page
    assert "Not started" in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("valid", {"Ana Lopez"}),
        ("expiring", {"Bo Chen"}),
        ("expired", {"Cy Diaz"}),
        ("completed", set()),
        ("in_progress", set()),
        ("not_started", {"Alex", "Dee Eng"}),
    ],
)
def test_the_status_filter_in_one_course(
    manager_client, organization, course, second_course, status, expected
):
    certify(person("ana@example.org", organization, first="Ana", last="Lopez"), course)
    bo = person("bo@example.org", organization, first="Bo", last="Chen")
    certify(bo, course, valid_until=TODAY + datetime.timedelta(days=59))
    cy = person("cy@example.org", organization, first="Cy", last="Diaz")
    certify(cy, course, valid_until=TODAY - datetime.timedelta(days=3))
    dee = person("dee@example.org", organization, first="Dee", last="Eng")
    enrol(dee, second_course)

    response = staff_page(manager_client, organization, course=course.slug, status=status)

    names = {row.membership.name for row in response.context["result"].rows}
    assert names == expected


def test_the_status_filter_without_a_course_means_in_any_course(
    manager_client, organization, course, second_course
):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    certify(ana, course)
    enrol(ana, second_course)
    certify(person("bo@example.org", organization, first="Bo", last="Chen"), course)
    certify(person("cy@example.org", organization, first="Cy", last="Diaz"), second_course)

    in_progress = staff_page(manager_client, organization, status="in_progress")
    not_started = staff_page(manager_client, organization, status="not_started")

    assert {row.membership.name for row in in_progress.context["result"].rows} == {"Ana Lopez"}
    assert {row.membership.name for row in not_started.context["result"].rows} == {
        "Alex",
        "Bo Chen",
        "Cy Diaz",
    }


def test_a_renewed_certificate_decides_the_status(manager_client, organization, course):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    old = certify(
        ana,
        course,
        completed_at=timezone.now() - datetime.timedelta(days=800),
        valid_until=TODAY - datetime.timedelta(days=70),
    )
    Certificate.objects.filter(pk=old.pk).update(status=Certificate.Status.EXPIRED)
    certify(ana, course)  # the renewal: same enrolment, a later completion

    expired = staff_page(manager_client, organization, course=course.slug, status="expired")
    valid = staff_page(manager_client, organization, course=course.slug, status="valid")

    assert expired.context["result"].rows == []
    assert [row.membership.name for row in valid.context["result"].rows] == ["Ana Lopez"]


def test_the_completion_date_and_role_filters(manager_client, manager, organization, course):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    certify(person("ana@example.org", organization, first="Ana", last="Lopez"), course)
    certify(
        person("bo@example.org", organization, first="Bo", last="Chen"),
        course,
        completed_at=long_ago,
    )

    recent = staff_page(
        manager_client,
        organization,
        completed_from=(TODAY - datetime.timedelta(days=30)).isoformat(),
    )
    old = staff_page(
        manager_client,
        organization,
        completed_to=(TODAY - datetime.timedelta(days=300)).isoformat(),
    )
    managers = staff_page(manager_client, organization, role="manager")

    assert [row.membership.name for row in recent.context["result"].rows] == ["Ana Lopez"]
    assert [row.membership.name for row in old.context["result"].rows] == ["Bo Chen"]
    assert [row.membership.user for row in managers.context["result"].rows] == [manager]


def test_bad_filter_values_are_explained_and_never_widen_the_list(
    manager_client, organization, other_organization
):
    person("private@example.org", organization, shares=False, first="Bo", last="Chen")
    person("elsewhere@example.org", other_organization, first="Cy", last="Diaz")

    response = staff_page(
        manager_client,
        organization,
        course="no-such-course",
        status="everyone",
        completed_from="yesterday",
        role="owner",
        sort="password",
        per_page="100000",
        page="-3",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert "Enter a valid date" in page
    assert "Bo Chen" not in page
    assert "Cy Diaz" not in page


def test_sorting_and_pages_work_as_plain_links(manager_client, organization, course):
    for number in range(12):
        person(f"p{number:02}@example.org", organization, first="Pat", last=f"Number {number:02}")

    first = staff_page(manager_client, organization, per_page=10)
    by_email_desc = staff_page(manager_client, organization, per_page=10, sort="-email")
    second = staff_page(manager_client, organization, per_page=10, page=2)

    body = first.content.decode()
    assert "Page 1 of 2" in body
    assert 'href="?per_page=10&amp;page=2"' in body
    assert 'aria-sort="ascending"' in body
    assert by_email_desc.context["result"].rows[0].membership.user.email == "p11@example.org"
    assert len(second.context["result"].rows) == 3  # 12 people and the manager


def test_last_activity_sorts_the_most_recent_first(manager_client, organization, course):
    early = person("early@example.org", organization, first="Early", last="Bird")
    late = person("late@example.org", organization, first="Late", last="Owl")
    enrol(early, course, enrolled_at=timezone.now() - datetime.timedelta(days=20))
    enrol(late, course, enrolled_at=timezone.now() - datetime.timedelta(days=2))

    response = staff_page(manager_client, organization, sort="activity")

    names = [row.membership.name for row in response.context["result"].rows]
    assert names == ["Late Owl", "Early Bird", "Alex"]  # no activity last


@pytest.mark.parametrize("page_size", [10, 50])
def test_the_number_of_queries_does_not_depend_on_the_page_size(
    client,
    manager,
    organization,
    course,
    lessons_course,
    page_size,
    django_assert_max_num_queries,
):
    lessons = list(lessons_course.live_lessons())
    for number in range(60):
        someone = person(f"p{number:02}@example.org", organization, first="P", last=str(number))
        if number % 3 == 0:
            certify(someone, course)
        enrollment = enrol(someone, lessons_course)
        if number % 2:
            course_services.complete_lesson(enrollment, lessons[0])
    sign_in_with_mfa(client, manager)
    staff_page(client, organization)  # the list of courses is kept from here on

    with django_assert_max_num_queries(20) as captured:
        response = staff_page(client, organization, per_page=page_size)

    assert len(response.context["result"].rows) == page_size
    assert len(captured.captured_queries) == QUERIES_PER_PAGE


def test_the_number_of_queries_does_not_depend_on_the_number_of_members(
    client, manager, organization, course, lessons_course
):
    """One page of 10 rows costs the same queries for 12 members as for 36: nothing is read
    per member or per row, and the other members are only counted."""
    lessons = list(lessons_course.live_lessons())

    def add_members(how_many, prefix):
        for number in range(how_many):
            someone = person(f"{prefix}{number:02}@example.org", organization, first=prefix)
            if number % 3 == 0:
                certify(someone, course)
            enrollment = enrol(someone, lessons_course)
            if number % 2:
                course_services.complete_lesson(enrollment, lessons[0])

    sign_in_with_mfa(client, manager)
    staff_page(client, organization)  # the list of courses is kept from here on

    def queries_and_members():
        with CaptureQueriesContext(connection) as captured:
            response = staff_page(client, organization, per_page=10)
        assert len(response.context["result"].rows) == 10
        return len(captured.captured_queries), response.context["result"].page.paginator.count

    add_members(11, "few")
    few, members = queries_and_members()
    assert members == 12  # and the manager
    add_members(24, "more")
    more, members = queries_and_members()

    assert members == 36
    assert more == few == QUERIES_PER_PAGE


# User (the session comes from the cache); organization, admin group and membership (the access
# check, asked once: accounts.permissions.get_organization_and_members_for_manager); count, the
# page, enrolments, certificates, and progress (lesson rows and quiz steps in one query; the
# list of courses, each course's outline and steps come from courses.page_cache), and the
# rows' last activity; and whether the header offers the CMS link
# (accounts.permissions.opens_cms).
QUERIES_PER_PAGE = 11


RENEWAL_CYCLES = any(field.name == "cycle" for field in Enrollment._meta.get_fields())


@pytest.mark.skipif(not RENEWAL_CYCLES, reason="enrolments have no renewal cycles yet")
def test_someone_renewing_is_in_progress_in_the_new_cycle(manager_client, organization, course):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    certificate = certify(ana, course, valid_until=TODAY + datetime.timedelta(days=20))
    Enrollment.objects.create(user=ana, course=course, cycle=2)

    in_progress = staff_page(manager_client, organization, course=course.slug, status="in_progress")
    expiring = staff_page(manager_client, organization, course=course.slug, status="expiring")
    not_started = staff_page(manager_client, organization, course=course.slug, status="not_started")

    assert [row.membership.name for row in in_progress.context["result"].rows] == ["Ana Lopez"]
    assert expiring.context["result"].rows == []
    assert [row.membership.name for row in not_started.context["result"].rows] == ["Alex"]
    assert "(renewing; the current certificate runs until" in in_progress.content.decode()
    assert certificate.valid_until == in_progress.context["result"].rows[0].cells[0].valid_until


def test_an_unpublished_course_keeps_its_column_while_a_member_is_enrolled_in_it(
    manager_client, organization, lessons_course
):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    shown = staff_page(manager_client, organization).context["result"].shown_courses
    assert lessons_course.title in [course.title for course in shown]

    lessons_course.unpublish()
    titles = [
        c.title for c in staff_page(manager_client, organization).context["result"].shown_courses
    ]
    assert lessons_course.title not in titles  # nobody here is enrolled: no column

    enrol(ana, lessons_course)
    page = staff_page(manager_client, organization)
    assert lessons_course.title in [c.title for c in page.context["result"].shown_courses]
    assert lessons_course.title in page.content.decode()


def test_each_row_says_the_role_and_the_day_of_the_last_activity(
    manager_client, organization, course
):
    ana = person("ana@example.org", organization, first="Ana", last="Lopez")
    when = timezone.make_aware(datetime.datetime(2026, 3, 9, 23, 30))  # the site's time zone
    enrol(ana, course, enrolled_at=when)

    html = staff_page(manager_client, organization).content.decode()

    row = html[html.index("Ana Lopez") :]
    row = row[: row.index("</tr>")]
    assert "<td>Member</td>" in row
    assert f'<time datetime="{timezone.localtime(when).isoformat()}">March 9, 2026</time>' in row
    manager_row = html[html.index("<td>Manager</td>") :]
    assert "None yet" in manager_row[: manager_row.index("</tr>")]  # the manager, Alex


def _filter_form(html: str) -> str:
    return html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]


def test_the_filter_form_shows_what_was_asked_and_a_course_renamed_since(
    manager_client, organization, lessons_course
):
    person("ana@example.org", organization, first="Ana", last="Lopez")
    plain = _filter_form(staff_page(manager_client, organization).content.decode())
    assert f'<option value="{lessons_course.slug}" selected>' not in plain

    chosen = staff_page(manager_client, organization, course=lessons_course.slug, page=1)
    assert f'<option value="{lessons_course.slug}" selected>' in _filter_form(
        chosen.content.decode()
    )
    wrong = staff_page(manager_client, organization, completed_from="someday")
    assert 'class="error"' in _filter_form(wrong.content.decode())
    assert 'class="error"' not in _filter_form(
        staff_page(manager_client, organization).content.decode()
    )

    course = lessons_course.specific
    course.title = "Overdose response, second edition"
    course.save_revision().publish()
    again = _filter_form(staff_page(manager_client, organization).content.decode())
    assert "Overdose response, second edition" in again

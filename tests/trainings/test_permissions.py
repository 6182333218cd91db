"""Who sees and registers for which session: the matrix for every trainings URL.

Rows: anonymous visitor, outsider (no organization), member of another organization, member
of the hosting organization. Invitation-only sessions do not exist for anyone but members.
"""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings.models import Registration

from .conftest import make_session

pytestmark = pytest.mark.django_db

PUBLIC_TITLE = "Naloxone for everyone"
PRIVATE_TITLE = "Staff only: motivational interviewing"


@pytest.fixture
def sessions(organization):
    return {
        "public": make_session(organization, title=PUBLIC_TITLE),
        "private": make_session(organization, title=PRIVATE_TITLE, invitation_only=True),
    }


@pytest.fixture
def visitor(request, organization, other_organization):
    kind = request.param
    if kind == "anonymous":
        return None
    user = make_user(f"{kind}@example.org")
    if kind == "member":
        make_member(user, organization)
    elif kind == "other_member":
        make_member(user, other_organization)
    return user


def as_visitor(client, visitor):
    if visitor is not None:
        client.force_login(visitor)
    return client


VISITORS = ["anonymous", "outsider", "other_member", "member"]


@pytest.mark.parametrize("visitor", VISITORS, indirect=True)
def test_the_list_shows_invitation_only_sessions_to_members_only(client, visitor, sessions):
    page = as_visitor(client, visitor).get(reverse("trainings:list")).content.decode()
    assert PUBLIC_TITLE in page
    is_member = visitor is not None and visitor.email == "member@example.org"
    assert (PRIVATE_TITLE in page) is is_member


@pytest.mark.parametrize(
    ("visitor", "public", "private"),
    [
        ("anonymous", 200, 404),
        ("outsider", 200, 404),
        ("other_member", 200, 404),
        ("member", 200, 200),
    ],
    indirect=["visitor"],
)
def test_session_pages(client, visitor, sessions, public, private):
    as_visitor(client, visitor)
    assert (
        client.get(reverse("trainings:detail", args=[sessions["public"].code])).status_code
        == public
    )
    assert (
        client.get(reverse("trainings:detail", args=[sessions["private"].code])).status_code
        == private
    )


@pytest.mark.parametrize("action", ["register", "cancel"])
@pytest.mark.parametrize(
    ("visitor", "public", "private"),
    [
        ("anonymous", 302, 302),
        ("outsider", 302, 404),
        ("other_member", 302, 404),
        ("member", 302, 302),
    ],
    indirect=["visitor"],
)
def test_register_and_cancel(client, visitor, sessions, action, public, private):
    as_visitor(client, visitor)
    for which, expected in (("public", public), ("private", private)):
        response = client.post(reverse(f"trainings:{action}", args=[sessions[which].code]))
        assert response.status_code == expected
        if visitor is None:  # sign in, then back to the session's page
            detail = reverse("trainings:detail", args=[sessions[which].code])
            assert response["Location"] == f"{reverse('account_login')}?next={detail}"
    registered = Registration.objects.active().values_list("session__title", flat=True)
    if action == "cancel" or visitor is None:
        assert list(registered) == []
    elif visitor.email == "member@example.org":
        assert sorted(registered) == sorted([PUBLIC_TITLE, PRIVATE_TITLE])
    else:
        assert list(registered) == [PUBLIC_TITLE]


@pytest.mark.parametrize("code", ["nope", "0" * 10, "x" * 500, "%00", "ABC DEF"])
def test_bad_codes_are_not_found_never_an_error(client, learner, code):
    client.force_login(learner)
    # Django answers a NUL in an address with 400 before any view runs; the rest are 404.
    assert client.get(f"/trainings/{code}/").status_code in {400, 404}
    assert client.post(f"/trainings/{code}/register/").status_code in {400, 404}
    assert not Registration.objects.exists()


def test_a_code_typed_in_lowercase_with_confusable_letters_still_finds_the_session(client, session):
    typed = session.code.lower().replace("1", "l").replace("0", "o")
    response = client.get(f"/trainings/{typed}/")
    assert response.status_code == 200
    assert session.title in response.content.decode()


def test_cancelled_and_past_sessions_are_not_listed(client, organization):
    import datetime

    from django.utils import timezone

    make_session(organization, title="Called off", status="cancelled")
    past_start = timezone.now() - datetime.timedelta(days=3)
    make_session(
        organization,
        title="Last week",
        start=past_start,
        registration_opens=past_start - datetime.timedelta(days=5),
    )
    page = client.get(reverse("trainings:list")).content.decode()
    assert "Called off" not in page and "Last week" not in page
    assert "No live trainings are scheduled right now." in page


def test_the_spanish_list_is_in_spanish(client, session):
    page = client.get("/es/trainings/").content.decode()
    assert "Capacitaciones en vivo" in page
    assert session.title in page


# Running an invitation-only session (roster, closing page, roster CSV): staff who may run it
# reach it like its own organization's people; anyone outside still gets 404.
RUNNER_ROWS = [
    ("trainer", "ok"),
    ("reviewer", "ok"),
    ("trainer_without_second_factor", "second factor"),
    ("other_manager", 404),
    ("other_member", 404),
    ("outsider", 404),
    ("member", 403),
]


def runner(client, kind, organization, other_organization):
    group = {
        "trainer": roles.TRAINERS,
        "trainer_without_second_factor": roles.TRAINERS,
        "reviewer": roles.REVIEWERS,
    }.get(kind, roles.LEARNERS)
    user = make_user(f"{kind}@example.org", group=group)
    if kind == "other_manager":
        make_member(user, other_organization, Membership.Role.MANAGER)
    elif kind == "other_member":
        make_member(user, other_organization)
    elif kind == "member":
        make_member(user, organization)
    if kind in ("trainer", "reviewer", "other_manager"):
        sign_in_with_mfa(client, user)
    elif kind == "trainer_without_second_factor":
        sign_in_with_password(client, user)
    else:
        client.force_login(user)


@pytest.mark.parametrize(("kind", "expected"), RUNNER_ROWS)
@pytest.mark.parametrize("name", ["roster", "close", "roster_csv"])
def test_staff_run_invitation_only_sessions_and_outsiders_still_get_404(
    client, kind, expected, name, organization, other_organization, sessions
):
    runner(client, kind, organization, other_organization)
    response = client.get(reverse(f"trainings:{name}", args=[sessions["private"].code]))
    if response.status_code == 302 and response["Location"].startswith("/accounts/2fa/"):
        seen = "second factor"
    elif response.status_code == 200:
        seen = "ok"
    else:
        seen = response.status_code
    assert seen == expected
    if seen == "ok" and name == "roster":
        assert PRIVATE_TITLE in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("trainer", 200), ("trainer_without_second_factor", 404), ("other_manager", 404)],
)
def test_staff_who_run_an_invitation_only_session_see_its_page(
    client, kind, expected, organization, other_organization, sessions
):
    runner(client, kind, organization, other_organization)
    response = client.get(reverse("trainings:detail", args=[sessions["private"].code]))
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Open the roster" in page
        assert "Only members of the hosting organization can register" in page
        assert reverse("trainings:register", args=[sessions["private"].code]) not in page


def test_every_trainings_url_has_rows_in_this_matrix():
    from trainings.urls import urlpatterns

    # list: test_the_list_shows...; detail: test_session_pages; register, cancel:
    # test_register_and_cancel; close, marks, correct: test_closing_permissions.py.
    # mine, new_session, edit_session: test_scheduling.py::test_permission_matrix;
    # new_sheet, claim_codes: test_sign_in_sheets.py::test_permission_matrix;
    # report, report_csv, roster_csv: test_reports.py::test_permission_matrix.
    # Check-in's URLs: tests/trainings/checkin/test_permissions.py. A new URL needs its rows first.
    checking_in = {
        "check_in_by_code",
        "claim",
        "roster",
        "door",
        "roster_check_in",
        "roster_check_out",
        "roster_back_in",
        "walk_in",
        "claim_card",
        "door_check_in",
    }
    assert {pattern.name for pattern in urlpatterns} == {
        "list",
        "detail",
        "register",
        "cancel",
        "close",
        "marks",
        "correct",
        "mine",
        "new_session",
        "edit_session",
        "new_sheet",
        "claim_codes",
        "report",
        "report_csv",
        "roster_csv",
    } | checking_in

"""Presses of "Get your statement of attendance" at once (two tabs, a double tap) make one
statement and one PDF, on real PostgreSQL."""

from accounts.models import Membership
from certificates.models import AttendanceStatement
from certificates.statements import issue_statement
from tests.certificates.conftest import LEARNER_NAME
from tests.certificates.test_statements import closed_session, mark_and_close
from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_member, make_user

pytestmark = on_postgresql_only("Concurrency needs PostgreSQL (SQLite serializes writers)")


def test_presses_at_once_make_one_statement(organization, saved_files):
    facilitator = make_user("robin@example.org")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    learner = make_user("racer@example.org", certificate_name=LEARNER_NAME)
    session = mark_and_close(
        closed_session(organization, facilitator), [(learner, "attended", 120)], facilitator
    )
    results, errors = run_at_once(lambda: issue_statement(session, learner).pk, 6)
    assert errors == []
    assert len(set(results)) == 1
    assert AttendanceStatement.objects.count() == 1
    assert len(saved_files) == 1  # the others waited, found it, and rendered nothing

"""Rate limits under parallel requests: exactly the limit is answered, never more.

Real threads, each with its own test client and database connection (PostgreSQL), all
released at once. The counts live in Django's cache; the test settings use the in-memory
cache, whose add and incr are atomic, as Redis's are (see ``basics.ratelimit``).
"""

from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_user

pytestmark = on_postgresql_only("Parallel requests need PostgreSQL (SQLite serializes writers)")

PARALLEL = 24


def test_parallel_wrong_join_codes_are_answered_exactly_up_to_the_limit(settings, organization):
    settings.JOIN_CODE_FAILURES_PER_ACCOUNT = 10
    settings.JOIN_CODE_FAILURES_PER_CLIENT = 100
    guesser = make_user("guesser@example.org")
    clients = []
    for _ in range(PARALLEL):
        client = Client(REMOTE_ADDR="10.0.0.7")
        client.force_login(guesser)
        clients.append(client)
    pending = iter(clients)

    def guess():
        return next(pending).post(reverse("accounts:join"), {"code": "WRONG-CODE1"}).status_code

    statuses, errors = run_at_once(guess, PARALLEL)

    assert errors == []
    assert sorted(statuses) == [200] * 10 + [429] * (PARALLEL - 10)
    # The right code still waits: the ten wrong ones used up the account's allowance.
    late = Client(REMOTE_ADDR="10.0.0.7")
    late.force_login(guesser)
    assert late.post(reverse("accounts:join"), {"code": organization.join_code}).status_code == 429
    assert not Membership.objects.filter(user=guesser).exists()


def test_right_join_codes_in_parallel_are_given_back(settings, organization):
    """A right code holds a place only while it is looked up: a room joining at once is let
    in, and the wrong-code allowance is whole afterwards."""
    settings.JOIN_CODE_FAILURES_PER_ACCOUNT = 10
    settings.JOIN_CODE_FAILURES_PER_CLIENT = 10
    clients = []
    for number in range(8):
        client = Client(REMOTE_ADDR="10.0.0.8")
        client.force_login(make_user(f"joiner{number}@example.org"))
        clients.append(client)
    pending = iter(clients)

    def join():
        return next(pending).post(reverse("accounts:join"), {"code": organization.join_code})

    responses, errors = run_at_once(lambda: join().status_code, 8)

    assert errors == []
    assert responses == [302] * 8
    assert Membership.objects.filter(organization=organization).count() == 8
    latecomer = Client(REMOTE_ADDR="10.0.0.8")
    latecomer.force_login(make_user("latecomer@example.org"))
    wrong = [
        latecomer.post(reverse("accounts:join"), {"code": "WRONG-CODE1"}).status_code
        for _ in range(11)
    ]
    assert wrong == [200] * 10 + [429]


def test_parallel_verification_requests_are_answered_exactly_up_to_the_limit():
    from certificates.views import VERIFY_LIMIT

    clients = [Client(REMOTE_ADDR="10.0.0.9") for _ in range(VERIFY_LIMIT * 2)]
    pending = iter(clients)

    def verify():
        url = reverse("certificates:verify", args=["ABCD-EFGH-JKMN"])
        return next(pending).get(url).status_code

    statuses, errors = run_at_once(verify, VERIFY_LIMIT * 2)

    assert errors == []
    assert statuses.count(429) == VERIFY_LIMIT
    assert len([status for status in statuses if status != 429]) == VERIFY_LIMIT

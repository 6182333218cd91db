"""basics.ratelimit: the small per-client limiter used by the verification pages."""

import pytest
from django.test import RequestFactory

from basics import ratelimit

pytestmark = pytest.mark.django_db


def request_from(ip):
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def test_it_allows_up_to_the_limit_then_says_how_long_to_wait():
    results = [ratelimit.hit(request_from("10.0.0.1"), "t", limit=3, period=60) for _ in range(4)]
    assert results[:3] == [None, None, None]
    assert 1 <= results[3] <= 60


def test_clients_and_scopes_are_counted_apart():
    for _ in range(3):
        ratelimit.hit(request_from("10.0.0.1"), "t", limit=3, period=60)
    assert ratelimit.hit(request_from("10.0.0.2"), "t", limit=3, period=60) is None
    assert ratelimit.hit(request_from("10.0.0.1"), "other", limit=3, period=60) is None


def test_the_cache_keys_do_not_hold_raw_addresses():
    assert "10.0.0.1" not in ratelimit.client_key(request_from("10.0.0.1"))

"""basics.ratelimit: the small per-client limiter used by the verification pages."""

import pytest
from django.test import RequestFactory, override_settings

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


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_visitors_behind_one_trusted_proxy_are_counted_apart():
    def through_proxy(visitor):
        return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)

    for _ in range(3):
        assert ratelimit.hit(through_proxy("203.0.113.5"), "verify", limit=3, period=60) is None
    assert ratelimit.hit(through_proxy("203.0.113.5"), "verify", limit=3, period=60) is not None
    assert ratelimit.hit(through_proxy("198.51.100.7"), "verify", limit=3, period=60) is None


def test_production_reads_the_number_of_trusted_proxies_from_the_environment():
    from tests.lms.test_production_settings import GOOD_ENV, run_manage

    script = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    behind_one = run_manage(
        "shell", "-c", script, env_overrides={**GOOD_ENV, "TRUSTED_PROXY_COUNT": "1"}
    )
    alone = run_manage("shell", "-c", script, env_overrides=GOOD_ENV)

    assert behind_one.stdout.split()[-1] == "1", behind_one.stderr
    assert alone.stdout.split()[-1] == "0", alone.stderr

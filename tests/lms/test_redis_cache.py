"""The shared cache on a real Redis: what several app servers must agree on lives there.

Runs when REDIS_URL is set (.ci/run starts Debian's redis-server and sets it for the PostgreSQL
pass, so that whole pass uses Redis); skipped otherwise. Each test checks through a second,
separate connection, as another app server would have, not through this process's own.
"""

import os

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from accounts.sessions import SessionStore
from courses import page_cache
from courses.models import CatalogPage
from tests.conftest import PASSWORD, current_totp_code, give_totp
from tests.courses.conftest import make_course

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs a Redis server: set REDIS_URL=redis://host:port/db (as .ci/run does)",
    ),
]


@pytest.fixture
def other_server():
    """Each cache as another machine's process reaches it: its own client and connections."""
    opened = {
        alias: RedisCache(settings.CACHES[alias]["LOCATION"], settings.CACHES[alias])
        for alias in ("default", "sessions")
    }
    yield opened
    for cache in opened.values():
        cache.close()


def sign_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_both_caches_are_redis():
    assert isinstance(caches["default"], RedisCache)
    assert isinstance(caches["sessions"], RedisCache)
    assert settings.SESSION_ENGINE == "accounts.sessions"  # cached_db, refusing malformed keys (F5)


def test_a_session_made_here_is_read_from_redis_by_another_server(client, learner, other_server):
    assert sign_in(client, learner).status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    kept = other_server["sessions"].get(SessionStore(session_key).cache_key)
    assert kept is not None
    assert int(kept["_auth_user_id"]) == learner.pk

    # With the database row gone, the session still works: it is read from Redis.
    Session.objects.all().delete()
    elsewhere = Client()
    elsewhere.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert elsewhere.get(reverse("my_learning")).status_code == 200


def test_failed_sign_ins_are_counted_in_redis(client, learner):
    for _ in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes per account
        assert sign_in(client, learner, "wrong-password").status_code == 200

    other_browser = Client()
    refused = sign_in(other_browser, learner)  # the right password
    assert refused.status_code == 200
    assert "_auth_user_id" not in other_browser.session

    caches["default"].clear()  # the counts were there: with them gone, sign-in works
    assert sign_in(Client(), learner).status_code == 302


def test_a_two_step_code_is_used_once_across_servers(trainer):
    secret = give_totp(trainer)
    code = current_totp_code(secret)
    first, second = Client(), Client()
    sign_in(first, trainer)
    sign_in(second, trainer)

    first.post(reverse("mfa_authenticate"), {"code": code})
    second.post(reverse("mfa_authenticate"), {"code": code})

    assert int(first.session["_auth_user_id"]) == trainer.pk
    assert "_auth_user_id" not in second.session


def test_a_publish_renews_the_page_caches_generation_for_every_server(other_server):
    catalog = CatalogPage.objects.get()
    before = page_cache.generation()
    assert other_server["default"].get(page_cache.GENERATION_KEY) == before

    course = make_course(catalog, "Wound care basics", lessons=0, live=False)
    course.save_revision().publish()

    after = other_server["default"].get(page_cache.GENERATION_KEY)
    assert after != before
    assert after == page_cache.generation()

"""The test suite: fast hashing, mail kept in memory, any DATABASE_URL (SQLite or PostgreSQL),
and Redis instead of the in-memory caches when REDIS_URL is set (as .ci/run does)."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import redis_caches
from .env import env_str

SECRET_KEY = "test-only-key"  # noqa: S105 - tests never run in production
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The test client's host, whatever the environment says; tests that follow links set their own.
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the source folders; nothing is collected for tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True


def _database_of_this_worker(url: str) -> str:
    """`url` with its database number moved up by this pytest-xdist worker's number (gw0,
    gw1, ...): each worker clears its caches between tests without touching another's."""
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{first + worker}"))


if env_str("REDIS_URL"):
    CACHES = redis_caches(_database_of_this_worker(env_str("REDIS_URL")))

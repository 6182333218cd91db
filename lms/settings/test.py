"""The test suite: fast hashing, mail kept in memory, any DATABASE_URL (SQLite or PostgreSQL)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 - tests never run in production
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the source folders; nothing is collected for tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

"""Benchmarks (``make bench``): production settings, as far as plain http on loopback allows.

DEBUG off, the database task queue, manifest static files served by whitenoise, the cached
template loader, Redis when ``REDIS_URL`` is set (as in production). What differs from
production, and why: without ``REDIS_URL`` each gunicorn worker has its own in-memory cache
(nothing in the benchmark needs them to agree: no publish, rate limits out of reach);
no HTTPS redirect, HSTS or secure cookies (the benchmark talks plain http to 127.0.0.1), a local
secret key, emails dropped, the verification page's rate limit out of reach (every request comes
from one address; it is still counted), and ``bench.urls`` adds the baseline view on top of
``lms.urls``. Files, cache and static files go to ``BENCH_DIR`` (bench/run.py makes a temporary
one), the database to ``DATABASE_URL`` (bench/run.py points it at a throw-away database).
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, MIDDLEWARE, TEMPLATES, VAR_DIR, redis_caches
from .env import env_int, env_str

BENCH_DIR = Path(env_str("BENCH_DIR") or VAR_DIR / "bench")

DEBUG = False
SECRET_KEY = "bench-only-key-for-a-throw-away-database"  # noqa: S105 - never used in production
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
# The journey's floor: a plain Wagtail page type holding a copy of a lesson (bench/floor).
INSTALLED_APPS = [*INSTALLED_APPS, "bench.floor"]

MEDIA_ROOT = BENCH_DIR / "media"
STATIC_ROOT = BENCH_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # As in production, less the gzip/brotli copies (static files are not benchmarked).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
if env_str("REDIS_URL"):
    CACHES = redis_caches(env_str("REDIS_URL"))
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Keep each worker's database connection for a minute instead of opening one per request (a
# PostgreSQL connection costs a few milliseconds); checked before reuse, so a restarted database
# costs one failed check, not an error. DATABASE_CONN_MAX_AGE=0 closes after every request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# The baseline view's template is written by bench/run.py (the lesson page's size); the floor's
# is in its app (bench/floor/templates).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

# Outermost, so it measures every other middleware too: CPU ms and query count of each request
# in response headers (bench/middleware.py), read by bench/journey.py.
MIDDLEWARE = ["bench.middleware.RequestCostMiddleware", *MIDDLEWARE]

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CERTIFICATES_VERIFY_RATE_LIMIT = 10**9
# The ZIP benchmark streams 1,000 certificates from the page itself.
PARTNER_ZIP_BACKGROUND_THRESHOLD = env_int("PARTNER_ZIP_BACKGROUND_THRESHOLD", 5000)

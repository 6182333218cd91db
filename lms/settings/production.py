"""Production: every secret from the environment; refuses to start without them."""

from .base import *  # noqa: F403
from .base import DATABASES, redis_caches
from .env import env_bool, env_int, env_list, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in env_required("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# No default: links in emails and on certificates must lead to this site. The system check
# lms.E001-E003 (lms.checks) refuses to start without an https:// address.
SITE_URL = (env_str("SITE_URL") or "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Rate limits, used two-step codes, sessions and the page caches' generation are shared by
# every worker and machine: Redis, required (e.g. redis://127.0.0.1:6379/0).
CACHES = redis_caches(env_required("REDIS_URL"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Keep each worker's database connection for a minute instead of opening one per request (a
# PostgreSQL connection costs a few milliseconds); checked before reuse, so a restarted database
# costs one failed check, not an error. DATABASE_CONN_MAX_AGE=0 closes after every request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front append to X-Forwarded-For (usually 1). Rate limits per network
# address (sign-in, /verify/, join codes) read the client's address through allauth; with 0
# behind a proxy every visitor has the proxy's address and they are all counted as one.
# Never more than there are: a visitor could then choose their own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

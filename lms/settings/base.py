"""Settings shared by every environment. Values that differ come from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The address every absolute link is built on (basics.links): emails, the certificate's
# printed address and QR code, manifests, join sheets. `make run` sets it to the address it
# serves on (HOST, PORT); production refuses to start without it (lms.checks).
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Our apps, lowest layer first (practice and coaching side by side):
    # accounts <- courses <- trainings <- practice, coaching <- certificates <- plans
    # <- transcripts <- lms.
    "accounts",
    "courses",
    "trainings",
    "practice",
    "coaching",
    "certificates",
    "plans",
    "transcripts",
    "lms",
    # Wagtail
    "wagtail.contrib.settings",
    # Spanish (and later) versions of pages, with translation status in the CMS; above
    # wagtail.locales so its locale views replace Wagtail's own.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# What each one is for: docs/operations.md ("Middleware"). A visitor's page kept by
# PageCacheMiddleware is answered there, before the nine after it.
MIDDLEWARE = [
    "lms.request_id.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LocaleMiddleware",  # the language from the address (lms.urls)
    "lms.cache_headers.PageCacheMiddleware",  # visitors' pages kept; signed-in ones never
    "lms.middleware.CommonMiddleware",  # Django's, refusing NUL characters first
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.middleware.SitePolicyCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SignedInPowersMiddleware",  # second factor for staff; audit actor
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Everything worth reading goes to stderr (systemd's journal, or the container log), one line
# per record with the request's id; server errors with their traceback. 4xx answers are not
# logged (crawlers would fill the log); the proxy's access log has them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.request_id.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "{asctime} {levelname} {name} request={request_id} {message}",
            "style": "{",
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # Replaces Django's own handlers (console only with DEBUG, email to ADMINS, unset).
        "django": {"handlers": [], "level": "WARNING"},
        "django.request": {"handlers": [], "level": "ERROR"},
        **{
            app: {"handlers": [], "level": "INFO"}
            for app in ("accounts", "courses", "certificates", "lms")
        },
    },
}

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)  # SQLite creates the file, not its folder.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite has one writer at a time. A transaction that starts by reading and then writes
    # cannot wait for the lock ("database is locked" at once), so every transaction takes the
    # write lock when it begins, and waits up to `timeout` seconds for it. Enough for one
    # small site; anything shared runs on PostgreSQL (README).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env_int("SQLITE_TIMEOUT_SECONDS", 20)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's (the admin, tests' force_login) and allauth's (sign-in by e-mail, with its rate limits).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_learning"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email is the only login; every flow (sign-up, verification, reset,
# email change, MFA) is allauth's own view.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Open Door] "
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits stay at their defaults (on); they are listed here so a change is visible.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    # Wrong passwords: per network, and per address from anywhere only past 30 in 15 minutes
    # (guessing from many networks); the tight limit, 5 per address and network in 5 minutes,
    # is accounts.adapter's, so that a guesser on one network does not lock the owner out on
    # another. A locked-out owner signs in with an emailed code.
    "login_failed": "10/m/ip,30/15m/key",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
LOGIN_FAILURES_PER_ADDRESS_AND_NETWORK = env_int("LOGIN_FAILURES_PER_ADDRESS_AND_NETWORK", 5)
# Sign-in with a one-time code sent by email (allauth), offered on the sign-in page and in the
# "too many attempts" message. Accounts with an authenticator are still asked for it after.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Wrong organization join codes per 15 minutes, per account and per network address (a
# training room often shares one address). accounts/views/membership.py answers 429 past them.
JOIN_CODE_FAILURES_PER_ACCOUNT = env_int("JOIN_CODE_FAILURES_PER_ACCOUNT", 10)
JOIN_CODE_FAILURES_PER_CLIENT = env_int("JOIN_CODE_FAILURES_PER_CLIENT", 30)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Open Door"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
# Setting up an authenticator right after signing in asks for no password again: a sign-in
# this recent counts as confirming it is you (accounts.adapter.is_reauthentication_required).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# Wagtail hands every account flow to allauth.
WAGTAIL_SITE_NAME = "Open Door"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploads: only formats that cannot carry scripts into a page (no SVG, HTML or XML), capped in
# bytes and, for images, in pixels (a small file can still decode to a huge bitmap).
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "txt", "csv", "xlsx"]
# No avatars from gravatar.com: they would tell a third party (an MD5 of each staff email)
# who uses the admin, and on a network that drops the request each admin page waits for it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No call to releases.wagtail.org from the dashboard: the admin talks to no third party.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 x 5000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Request bodies other than files: generous for Wagtail's page editor, bounded for everyone.
# Files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# The address decides the language (lms.urls: English unprefixed, Spanish under /es/); the
# site no longer sets a language cookie. The settings below are for Django's own set_language.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language cookie is read only by the server: no script needs it, and no other site's form
# should carry it (production also sends it over HTTPS only).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
# Pages have language versions (Wagtail locales; wagtail_localize): one record per course
# whatever language it is taken in (courses.localization). English is the source language.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Open Door <no-reply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Nothing is loaded from another origin, and no inline script runs on the
# public site; the CMS gets the looser policy Wagtail's editor needs (lms.middleware).
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Background work: code only ever calls `.enqueue()`. Tasks run at once in development and
# tests; production uses the database queue (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The default cache holds rate-limit counts, the record of used two-step codes and the page
# data caches (courses.page_cache); sessions have their own. Here (development, tests) both live
# in this process's memory and need no server; production shares them through Redis.
# Each process's own copies of what courses.page_cache keeps under a generation token (an
# entry under a token never changes): a page view then makes one round trip to the shared
# cache, for the tokens. Bounded; Django culls a third when full.
LOCAL_PAGES_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages-local",
    "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_PAGES_CACHE_ENTRIES", 5000)},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sessions",
    },
    "pages-local": LOCAL_PAGES_CACHE,
}
# Visitors' pages (GET, no session, no cookie set) are kept this long in the default cache and
# marked `public, max-age` for browsers and a CDN; publishing renews them at once
# (lms.cache_headers). 0 turns the cache off.
ANONYMOUS_PAGE_CACHE_SECONDS = env_int("ANONYMOUS_PAGE_CACHE_SECONDS", 300)
CACHE_MIDDLEWARE_ALIAS = "default"
# Sessions are read from the cache and written through to the database, so a signed-in page
# costs no session query, and a cache restarted empty signs nobody out.
SESSION_ENGINE = "accounts.sessions"  # cached_db, refusing malformed keys
SESSION_CACHE_ALIAS = "sessions"


def redis_caches(url: str) -> dict:
    """Both caches on the Redis (or Valkey) server at `url`, which every app server and task
    worker shares: a rate limit, a used two-step code, a session or a publish seen by one is
    seen by all. One database, two key prefixes; the database is Open Door's alone (clearing
    either cache empties it). Each process keeps its own copies of page entries beside them."""
    shared = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"open-door-{name}",
        }
        for name in ("default", "sessions")
    }
    return {**shared, "pages-local": LOCAL_PAGES_CACHE}


# Open Door's own settings.
# Video blocks show a link and the transcript instead of the provider's player unless this is
# on: a player is a third-party frame that tracks learners, and the CSP would block it anyway.
COURSES_VIDEO_EMBEDS = env_bool("COURSES_VIDEO_EMBEDS", False)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# A learner whose certificate has not appeared this long after completing may ask for it again
# (certificates.views.ask_again); manage.py queue_missing_certificates does so every few minutes.
CERTIFICATE_ASK_AGAIN_AFTER_MINUTES = env_int("CERTIFICATE_ASK_AGAIN_AFTER_MINUTES", 10)
# Partner pages (lms.partners). Figures shown to coalitions and in their exports hide any cell
# that counts fewer than this many people ("<11"), the usual public-health convention for
# small-cell suppression (domain brief R19).
PARTNER_MIN_CELL_SIZE = env_int("PARTNER_MIN_CELL_SIZE", 11)
# A certificates ZIP with more certificates than this is built by a background task (a page
# shows its progress and an email says when it is ready) instead of being streamed at once.
PARTNER_ZIP_BACKGROUND_THRESHOLD = env_int("PARTNER_ZIP_BACKGROUND_THRESHOLD", 500)

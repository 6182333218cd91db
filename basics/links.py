"""Every absolute link the site makes is built here, from ``settings.SITE_URL``.

Emails (invitations, reminders, allauth's confirmation and reset messages), the certificate's
printed address and its QR code, manifests, join sheets: none of them is read in a browser
that could resolve a relative address, and none may depend on the host header of whichever
request happened to cause it (a background task has no request at all). In development
``SITE_URL`` is the address ``make run`` serves on; production refuses to start without it
(``lms.checks``).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def site_url_problem(value: str) -> str | None:
    """Why `value` cannot be the site's address, or None if it can: it must be an absolute
    http(s) address of the site's root, with no path, query or fragment."""
    if not value:
        return "SITE_URL is not set."
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"SITE_URL must be an absolute http:// or https:// address, not {value!r}."
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        return f"SITE_URL must be the site's root address (scheme and host only), not {value!r}."
    return None


def site_url() -> str:
    """The site's root address without a trailing slash, e.g. ``https://training.example.org``.

    Raises ImproperlyConfigured rather than build a link that leads nowhere: a certificate
    printed with a wrong address could not be checked by anyone for years.
    """
    value = (settings.SITE_URL or "").rstrip("/")
    problem = site_url_problem(value)
    if problem:
        raise ImproperlyConfigured(problem)
    return value


def absolute_url(path: str) -> str:
    """`path` (as `reverse()` gives it, starting with "/") on the site's address."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url() takes a path starting with '/', not {path!r}.")
    return site_url() + path


@dataclass(frozen=True)
class SiteOfUrl:
    """What allauth's email templates read from ``current_site`` (name and domain), taken from
    SITE_URL instead of the host header of the request that sent the email."""

    name: str
    domain: str

    @classmethod
    def current(cls) -> "SiteOfUrl":
        return cls(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(site_url()).netloc)

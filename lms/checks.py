"""System checks on settings the site cannot run without (``manage.py check``, runserver,
migrate; ``lms.wsgi`` runs them too, since gunicorn runs none)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from basics.links import site_url_problem

SITE_URL_TAG = "site_url"


@register(SITE_URL_TAG)
def check_site_url(app_configs=None, **kwargs):
    """SITE_URL is set, is the absolute address of the site's root, and is https wherever
    cookies are sent over https only (production): links printed on certificates and sent
    in emails are built on it (basics.links) and must reach this site."""
    value = (settings.SITE_URL or "").rstrip("/")
    if not value:
        return [
            Error(
                "SITE_URL is not set.",
                hint="Set the environment variable SITE_URL to the site's public address, "
                "e.g. https://training.example.org.",
                id="lms.E001",
            )
        ]
    problem = site_url_problem(value)
    if problem:
        return [
            Error(
                problem,
                hint="For example SITE_URL=https://training.example.org",
                id="lms.E002",
            )
        ]
    if settings.SESSION_COOKIE_SECURE and urlsplit(value).scheme != "https":
        return [
            Error(
                f"SITE_URL must be an https:// address in production, not {value!r}.",
                hint="Sign-in cookies are sent over HTTPS only, so links must use https://.",
                id="lms.E003",
            )
        ]
    return []

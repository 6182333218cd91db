import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

application = get_wsgi_application()


def _refuse_to_start_without_a_site_url() -> None:
    # gunicorn runs no system checks; a server whose links lead elsewhere must not start.
    from django.core.checks import run_checks

    from lms.checks import SITE_URL_TAG

    errors = run_checks(tags=[SITE_URL_TAG])
    if errors:
        raise ImproperlyConfigured("; ".join(f"{error.id}: {error.msg}" for error in errors))


_refuse_to_start_without_a_site_url()

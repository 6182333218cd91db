from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware import common as django_common
from django.middleware import locale as django_locale
from django.utils.cache import cc_delim_re
from django.utils.translation import gettext as _

ADMIN_PREFIXES = ("/cms/", "/django-admin/")


class SitePolicyCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; a looser one only inside the CMS and Django admin.

    Wagtail's editor uses inline styles and scripts, and shows page previews in a frame of
    itself; the public site needs neither.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class CommonMiddleware(django_common.CommonMiddleware):
    """Django's CommonMiddleware (slashes), and first: a NUL character in the address or the
    query string is a 400, before any view runs.

    No address or parameter of the site can contain one, and PostgreSQL text cannot hold it:
    ``/verify/%00/`` would otherwise reach a query and fail as a server error. (Form fields
    refuse NUL themselves, with a message.)
    """

    def process_request(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("This address is not valid. Please check the link and try again."),
                content_type="text/plain; charset=utf-8",
            )
        return super().process_request(request)


class LocaleMiddleware(django_locale.LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language``.

    The address alone decides the language (lms.urls: ``/es/...`` is Spanish, every other
    address English, ``prefix_default_language=False``); the browser's Accept-Language and the
    old language cookie never do. Saying that a page varies with the header would only split
    the copies that browsers and a CDN keep of visitors' pages by their language settings.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                header
                for header in cc_delim_re.split(response["Vary"])
                if header.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

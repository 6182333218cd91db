from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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

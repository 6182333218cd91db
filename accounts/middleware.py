from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .audit import RequestLogContext
from .permissions import requires_mfa

PROTECTED_PREFIXES = ("/cms/", "/django-admin/")


class RequireStaffMFAMiddleware:
    """Staff roles reach the CMS and Django admin only once their account has TOTP set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and requires_mfa(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.info(
                request,
                _(
                    "Your role lets you edit courses or see other people's records, so your "
                    "account needs two-factor authentication. Please set it up to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class AuditLogContextMiddleware:
    """Audit entries written during a request name the signed-in person as the actor, unless
    the code that logs names someone else (see ``accounts.audit``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with RequestLogContext(request):
            return self.get_response(request)

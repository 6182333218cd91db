from urllib.parse import urlsplit

from .audit import RequestLogContext
from .mfa import (
    CMS_PREFIXES,
    RETURN_PLACE_SESSION_KEY,
    RETURN_TO_SESSION_KEY,
    SecondFactorRequired,
    has_staff_powers,
    second_factor_step,
    used_second_factor,
)


class SignedInPowersMiddleware:
    """What a signed-in person's powers mean for a request: ask for the second factor before
    pages those powers open, and name them as the actor of the audit entries it writes.

    The permission helpers already treat someone with powers as a plain learner until this
    session has used a second factor (``accounts.mfa``). This turns that into a step they can
    take: the CMS and Django admin ask for it up front (Wagtail decides access by role, which
    we do not want to count without the second factor), and any view whose permission helper
    raised ``SecondFactorRequired`` (the organization, partner and coalition pages) sends them
    to set up or use their authenticator, then back.

    Audit entries written during the request name the signed-in person as the actor, unless
    the code that logs names someone else (see ``accounts.audit``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(CMS_PREFIXES)
            and has_staff_powers(request.user)
            and not used_second_factor(request.user)
        ):
            return second_factor_step(request)
        with RequestLogContext(request):
            response = self.get_response(request)
        if response.status_code == 200 and _is_the_page_they_were_sent_back_to(request):
            # Arrived: the recovery codes page stops offering the way back.
            request.session.pop(RETURN_TO_SESSION_KEY, None)
            request.session.pop(RETURN_PLACE_SESSION_KEY, None)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, SecondFactorRequired) and request.user.is_authenticated:
            return second_factor_step(request)
        return None


def _is_the_page_they_were_sent_back_to(request) -> bool:
    if not request.user.is_authenticated:
        return False
    return_to = request.session.get(RETURN_TO_SESSION_KEY)
    return bool(return_to) and urlsplit(return_to).path == request.path

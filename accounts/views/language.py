"""The language switcher in the header posts here."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from ..language import is_supported, remember_language


@require_POST
def set_language(request):
    """Django's set_language (cookie, redirect to `next`), plus: remember it on the account.

    An unknown language code changes nothing and says so, instead of being ignored silently.
    """
    code = request.POST.get("language", "")
    if not is_supported(code):
        messages.error(
            request, _("That language is not available. Please choose one from the list.")
        )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "/"
        return redirect(next_url)
    response = django_set_language(request)
    remember_language(request.user, code)
    return response

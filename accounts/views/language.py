"""The old language switcher's address. The header now links to each page in each language
(the language is in the address, ``/es/...``); bookmarks and pages kept open from before still
send people here, so it goes on working: to the page they were on, in the language they chose."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..language import address_in, is_supported, remember_language


@require_http_methods(["GET", "POST"])
def set_language(request):
    """Redirect to `next` (this site only, else the home page) in `language`.

    A POST from a signed-in person also stores the choice on the account, as the old switcher
    did; a GET writes nothing. An unknown language changes nothing and says so.
    """
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("language", "")
    next_url = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not is_supported(code):
        messages.error(
            request, _("That language is not available. Please choose one from the list.")
        )
        return redirect(next_url)
    if request.method == "POST":
        remember_language(request.user, code)
    return redirect(address_in(next_url, code))

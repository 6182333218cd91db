"""The page tree's serve view: Wagtail's own (``wagtail.views.serve``), but for how the site's
root page in the request's language is found.

Wagtail finds it with ``site.root_page.localized``, which reads the active language's locale
row on every request, though locales never change once the site is set up. Here that row's id
comes from the cache (``courses.localization.locale_id_for``): an English page costs what it
did before pages had language versions. Another language goes through Wagtail's ``localized``.
The rest is Wagtail's: the root page's ``route`` (``lms.models.HomePage.route``) finds the
page, then the ``before_serve_page`` and ``on_serve_page`` hooks run and the page serves.
"""

from django.http import Http404, HttpResponse
from django.utils import translation
from wagtail import hooks
from wagtail.models import Site

from courses.localization import locale_id_for


def root_page_in_active_language(site: Site):
    root = site.root_page
    active = locale_id_for(translation.get_language() or "")
    if active is not None and active == root.locale_id:
        return root.specific
    return root.localized.specific


def serve(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page, args, kwargs = root_page_in_active_language(site).route(request, components)

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    on_serve_chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = hook(on_serve_chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)

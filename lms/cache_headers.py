"""What browsers and shared caches may keep of a response.

A page drawn for a signed-in person shows their records (progress, certificates, their staff's
names): no cache may store it. On a shared computer in a drop-in centre, Back after signing out
would otherwise show the last person's pages from the browser's cache. Pages for visitors keep
the headers their views give them.
"""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Every response to a signed-in person carries ``Cache-Control: private, no-store``.

    After AuthenticationMiddleware. A response to the request that signs someone out is for a
    visitor again (Django's ``logout`` replaces ``request.user``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

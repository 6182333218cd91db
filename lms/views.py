import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template.loader import render_to_string

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    """Django's 500 handler, except that a lost database connection is a 503 (try again soon).

    Both pages are static HTML: nothing here may touch the database or the session.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        response = HttpResponseServerError(render_to_string("503.html"))
        response.status_code = 503
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(render_to_string("500.html"))

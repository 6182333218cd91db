import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.template.loader import render_to_string
from django.templatetags.static import static

from certificates import selectors as certificate_selectors
from courses.views import dashboard as courses_dashboard
from plans import services as plan_services

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    """Django's 500 handler, except that a lost database connection is a 503 (try again soon).

    Both pages are static HTML: nothing here may touch the database or the session.
    """
    exception = sys.exc_info()[1]
    # The id the log line of this error carries (lms.request_id), for the person to quote.
    context = {"request_id": getattr(request, "request_id", "")}
    if isinstance(exception, DATABASE_UNAVAILABLE):
        response = HttpResponseServerError(render_to_string("503.html", context))
        response.status_code = 503
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(render_to_string("500.html", context))


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to: point them at the site's icon
    (its address read from the static files storage, so hashed names work in production)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_required
def my_learning(request):
    """The learner's dashboard: courses (from courses) with their certificates (from certificates)
    and what their organizations' training plans ask of them (from plans).

    Composed here because only the lms layer may know both apps.
    """
    response = courses_dashboard.my_learning(request)
    response.template_name = "lms/my_learning.html"
    response.context_data.update(
        certificates=certificate_selectors.certificates_for_learner(request.user),
        awaiting=certificate_selectors.completions_without_certificate(request.user),
        assignments=plan_services.assignments_for(request.user),
    )
    return response

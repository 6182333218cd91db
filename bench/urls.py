"""The benchmark's URLs: the site's own, plus the baseline (``lms.settings.bench``).

The baseline (``bench/run.py``) is the ceiling of this stack on this machine: the same
middleware, gunicorn and template engine, a static template as large as the lesson page, and no
database access. (The journey's floor is a page of the site's tree, served by Wagtail's own
page view: ``bench/floor/models.py``.)
"""

from django.shortcuts import render
from django.urls import path

from lms.urls import handler500  # noqa: F401
from lms.urls import urlpatterns as site_urlpatterns

BASELINE_TEMPLATE = "bench_baseline.html"


def baseline(request):
    return render(request, BASELINE_TEMPLATE)


# Before the site's patterns: Wagtail's catch-all page route comes last there.
urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    *site_urlpatterns,
]

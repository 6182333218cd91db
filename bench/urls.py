"""The benchmark's URLs: the site's own, plus the baseline and the floor (``lms.settings.bench``).

The baseline (``bench/run.py``) is the ceiling of this stack on this machine: the same
middleware, gunicorn and template engine, a static template as large as the lesson page, and no
database access.

The floor (``bench/journey.py``) is a lesson drawn as a plain Wagtail site would draw it: the
page read by its id (one query), its title and StreamField body rendered into the site's base
template (``bench/templates/bench_floor.html``). No course, progress, enrolment, permission or
page-cache lookups: what any page showing that lesson's words must cost at least.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from courses.models import LessonPage
from lms.urls import handler500  # noqa: F401
from lms.urls import urlpatterns as site_urlpatterns

BASELINE_TEMPLATE = "bench_baseline.html"
FLOOR_TEMPLATE = "bench_floor.html"


def baseline(request):
    return render(request, BASELINE_TEMPLATE)


def floor(request, page_id: int):
    page = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    return render(request, FLOOR_TEMPLATE, {"page": page, "self": page})


# Before the site's patterns: Wagtail's catch-all page route comes last there.
urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("bench/floor/<int:page_id>/", floor, name="bench_floor"),
    *site_urlpatterns,
]

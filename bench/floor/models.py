"""The floor: a lesson's words as a plain Wagtail site serves a page (bench settings only).

A page type with nothing of its own but a title and a StreamField of the lesson's blocks, no
``get_context``, no ``route``, no ``serve``: Wagtail's own page view serves it (the site's
routing hook, Wagtail's view-restriction check, ``get_context``, ``TemplateResponse``) through
the same middleware as every other page. The benchmark copies a lesson's published body into
one (``bench/journey.py``), so the floor draws the same blocks into the same base template as
the lesson page, and nothing about the learner: no course, enrolment, progress or permission.
"""

from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import LessonStreamBlock


class FloorPage(Page):
    body = StreamField(LessonStreamBlock())

    template = "bench_floor/floor_page.html"
    # Made by the benchmark only, never in the admin.
    parent_page_types: list[str] = []
    subpage_types: list[str] = []


def add_floor_pages(lessons) -> list[str]:
    """A published floor page beside the catalog (under the site's home page) for each lesson,
    with the lesson's title and body; their addresses."""
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    urls = []
    for lesson in lessons:
        page = FloorPage(
            title=lesson.title, slug=f"bench-floor-{lesson.pk}", body=lesson.body.raw_data
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        urls.append(page.url)
    return urls

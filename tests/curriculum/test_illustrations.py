"""The naloxone skill illustrations: light, self-contained SVGs with alt text and captions,
placed in a lesson by the loader and shown to a learner as a figure (issue 15, "Illustrations
for the skills")."""

import copy
import re

import pytest
import textstat
from defusedxml import ElementTree
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from wagtail.images import get_image_model

from courses.curriculum.illustrations import (
    ILLUSTRATIONS_DIR,
    TAG_PREFIX,
    UnknownIllustrationError,
    illustrations,
)
from courses.curriculum.language import stigmatizing_terms_in
from courses.curriculum.loader import build_course, read_course_file
from courses.models import CatalogPage, CoursePage, Enrollment, LessonPage
from tests.conftest import make_user, sign_in_with_mfa

MAX_BYTES = 15 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
TEXT_LIMIT = 250  # the image block's alt text and caption limits
GRADE_LIMIT = 8
# What the naloxone lessons place (CURRICULUM-CONVENTIONS, "Lesson block for the illustrations").
NAMES = {
    "sternal-rub",
    "recovery-position",
    "head-tilt-chin-lift",
    "rescue-breathing",
    "nasal-spray-steps",
    "im-injection-site",
    "test-strip-readings",
}
SVG_FILES = sorted(ILLUSTRATIONS_DIR.glob("*.svg"))


def outside_references(root) -> list[str]:
    """Anything in an SVG that would run code or fetch something when the picture is shown."""
    found = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag in {"script", "foreignObject", "image", "iframe", "style"}:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name}=")
            if name in {"href", XLINK_HREF} and not value.startswith("#"):
                found.append(f"href={value}")
            if re.search(r"url\((?!#)", value) or "@import" in value or "@font-face" in value:
                found.append(f"{name}={value}")
    return found


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda path: path.name)
def test_each_svg_is_light_well_formed_and_self_contained(path):
    root = ElementTree.fromstring(path.read_bytes())

    assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    assert root.tag == f"{SVG_NS}svg"
    assert len(root.get("viewBox", "").split()) == 4, f"{path.name} has no viewBox"
    assert outside_references(root) == []


def test_the_reference_check_finds_scripts_and_outside_links():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'onload="x()"><script>x()</script><use href="#ok"/><use xlink:href="https://a.example/s"/>'
        '<rect fill="url(https://a.example/p)"/><rect fill="url(#grad)"/></svg>'
    )

    found = outside_references(ElementTree.fromstring(svg))

    assert found == [
        "onload=",
        "<script>",
        "href=https://a.example/s",
        "fill=url(https://a.example/p)",
    ]


def test_every_illustration_has_its_file_alt_text_and_caption():
    catalog = illustrations()

    assert set(catalog) == NAMES
    assert {path.stem for path in SVG_FILES} == NAMES
    for item in catalog.values():
        assert item.path.exists(), item.name
        for field, text in (("alt", item.alt), ("caption", item.caption)):
            assert text.strip(), f"{item.name}: {field} is empty"
            assert len(text) <= TEXT_LIMIT, f"{item.name}: {field} is {len(text)} characters"
            grade = textstat.flesch_kincaid_grade(text)
            assert grade <= GRADE_LIMIT, f"{item.name}: {field} is at grade {grade:.1f}"
            assert stigmatizing_terms_in(text) == [], f"{item.name}: {field}"
        assert not item.alt.lower().startswith(("image of", "picture of")), item.name


# In a lesson -------------------------------------------------------------------------------


def naloxone_with(image_name: str, slug: str) -> dict:
    """The real naloxone course under another slug, cut to its first lesson (to build fast),
    which ends in the one illustration named."""
    data = copy.deepcopy(read_course_file("naloxone.toml"))
    data["course"]["slug"] = slug
    data["course"]["title"] = f"Illustrated: {slug}"
    data["lessons"] = data["lessons"][:1]
    # The lesson's own illustrations are left out, so the one under test is the only one.
    blocks = [b for b in data["lessons"][0]["blocks"] if b["type"] != "illustration"]
    data["lessons"][0]["blocks"] = [*blocks, {"type": "illustration", "image": image_name}]
    return data


@pytest.mark.django_db
def test_a_lesson_shows_its_illustration_with_alt_text_and_caption(client):
    course = build_course(CatalogPage.objects.get(), naloxone_with("recovery-position", "ill-a"))
    lesson = LessonPage.objects.child_of(course).live().first()
    learner = make_user("reader@example.org")
    Enrollment.objects.create(user=learner, course=course)
    client.force_login(learner)

    page = client.get(lesson.url).content.decode()

    item = illustrations()["recovery-position"]
    figure = re.search(r"<figure class=\"block-image\">.*?</figure>", page, re.DOTALL).group()
    assert re.search(r'<img src="[^"]+\.svg" width="\d+" height="\d+"', figure)
    assert f'alt="{escape(item.alt)}"' in figure
    assert f"<figcaption>{escape(item.caption)}</figcaption>" in figure


@pytest.mark.django_db
def test_trainers_find_the_illustrations_in_the_image_library(client, cms_trainer):
    build_course(CatalogPage.objects.get(), naloxone_with("test-strip-readings", "ill-e"))
    sign_in_with_mfa(client, cms_trainer)

    listing = client.get(reverse("wagtailimages:index"), {"q": "test strip"})
    image = get_image_model().objects.get(tags__name=TAG_PREFIX + "test-strip-readings")
    edit = client.get(reverse("wagtailimages:edit", args=[image.pk]))

    assert listing.status_code == 200
    assert "Reading a fentanyl test strip" in listing.content.decode()
    assert edit.status_code == 200
    assert TAG_PREFIX + "test-strip-readings" in edit.content.decode()


@pytest.mark.django_db
def test_loading_again_reuses_the_library_image_and_a_trainers_changes():
    catalog = CatalogPage.objects.get()
    build_course(catalog, naloxone_with("sternal-rub", "ill-b"))
    Image = get_image_model()
    image = Image.objects.get(tags__name=TAG_PREFIX + "sternal-rub")
    image.title = "Sternal rub (our clinic's version)"
    image.save()

    second = build_course(catalog, naloxone_with("sternal-rub", "ill-c"))

    assert Image.objects.filter(tags__name=TAG_PREFIX + "sternal-rub").count() == 1
    lesson = LessonPage.objects.child_of(second).first()
    shown = [block.value["image"] for block in lesson.body if block.block_type == "image"]
    assert shown == [image]
    assert shown[0].title == "Sternal rub (our clinic's version)"


@pytest.mark.django_db
def test_an_unknown_illustration_is_refused_and_nothing_is_built():
    catalog = CatalogPage.objects.get()

    with pytest.raises(UnknownIllustrationError) as refused, transaction.atomic():
        build_course(catalog, naloxone_with("sternal-rubb", "ill-d"))

    assert "'sternal-rubb'" in str(refused.value)
    assert "Known illustrations: head-tilt-chin-lift" in str(refused.value)
    assert not CoursePage.objects.filter(slug="ill-d").exists()
    assert not get_image_model().objects.exists()

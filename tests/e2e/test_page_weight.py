"""Page weight on a slow phone connection: what a learner downloads for the catalog, a lesson and
a quiz, with the real curriculum loaded.

Each page's HTML plus every same-origin stylesheet and script it references (and what those
stylesheets pull in: fonts, imports), each gzip-compressed as a server would send it, must stay
within 60 KB. Content images are left out: they are resized renditions that load lazily, which
the second test checks.
"""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 60 * 1024
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+)""")


class _Assets(HTMLParser):
    """The stylesheets, scripts and preloads a page asks the browser to fetch."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if (
            tag == "link"
            and attrs.get("href")
            and {"stylesheet", "preload", "modulepreload"} & set(rel)
        ):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "img":
            self.images.append(attrs)


def same_origin(url: str) -> bool:
    parts = urlsplit(url)
    return (not parts.scheme and not parts.netloc) or parts.netloc == "testserver"


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weigh(client, url: str) -> dict:
    """Bytes a browser fetches for `url`: the page, its CSS and JS (and their imports, fonts)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = body_of(response)
    parser = _Assets()
    parser.feed(html.decode())
    figures = {"html": len(html), "html_gz": gzipped(html), "assets": {}}
    queue = [urljoin(url, asset) for asset in parser.urls if same_origin(asset)]
    while queue:
        asset = queue.pop()
        path = urlsplit(asset).path
        if path in figures["assets"]:
            continue
        fetched = client.get(path)
        assert fetched.status_code == 200, f"{url} references {path}: {fetched.status_code}"
        data = body_of(fetched)
        figures["assets"][path] = (len(data), gzipped(data))
        if path.endswith(".css"):
            for match in CSS_URL.finditer(data.decode()):
                found = match.group(1) or match.group(2)
                if not found.startswith("data:") and same_origin(found):
                    queue.append(urljoin(path, found))
    figures["total_gz"] = figures["html_gz"] + sum(gz for _, gz in figures["assets"].values())
    return figures


def test_the_catalog_a_lesson_and_a_quiz_weigh_less_than_60_kb(client, learner, learner_pages):
    client.force_login(learner)
    lessons = {name: url for name, url in learner_pages.items() if name.startswith("lesson-")}
    # The heaviest lesson of the course stands for "a lesson page".
    weights = {name: weigh(client, url) for name, url in lessons.items()}
    heaviest = max(weights, key=lambda name: weights[name]["total_gz"])
    for name in ("catalog", "quiz", "quiz-attempt"):
        weights[name] = weigh(client, learner_pages[name])

    print("\npage weight (gzip, KB): page, HTML, CSS+JS, total")
    for name in ["catalog", heaviest, "quiz", "quiz-attempt"]:
        figures = weights[name]
        assets = sum(gz for _, gz in figures["assets"].values())
        print(
            f"  {name:14} {figures['html_gz'] / 1024:6.1f} {assets / 1024:6.1f} "
            f"{figures['total_gz'] / 1024:6.1f}  ({', '.join(figures['assets'])}; "
            f"HTML {figures['html'] / 1024:.1f} KB uncompressed)"
        )
    assert weights["catalog"]["assets"], "the page should reference the site's stylesheet"
    over = {
        name: round(figures["total_gz"] / 1024, 1)
        for name, figures in weights.items()
        if figures["total_gz"] > BUDGET
    }
    assert not over, f"pages over {BUDGET // 1024} KB (gzip, KB): {over}"


def test_lesson_images_are_lazy_resized_renditions_with_their_size(client, learner):
    from courses.models import CatalogPage
    from tests.courses.conftest import enrol, make_course, make_lesson

    original = Image.objects.create(title="Kit", file=get_test_image_file(size=(2400, 1600)))
    course = make_course(CatalogPage.objects.get(locale__language_code="en"), lessons=0)
    lesson = make_lesson(
        course,
        "What is in a kit",
        body=[
            ("image", {"image": original, "alt_text": "A naloxone kit", "caption": ""}),
            ("rich_text", "<p>Two doses of nasal spray and a face shield.</p>"),
        ],
    )
    enrol(learner, course)
    client.force_login(learner)

    response = client.get(lesson.url)

    parser = _Assets()
    parser.feed(response.content.decode())
    assert len(parser.images) == 1
    img = parser.images[0]
    assert img["loading"] == "lazy"
    assert img["alt"] == "A naloxone kit"
    rendition = original.renditions.get()
    assert img["src"] == rendition.url != original.file.url
    assert (int(img["width"]), int(img["height"])) == (rendition.width, rendition.height)
    assert max(rendition.width, rendition.height) <= 800 < original.width

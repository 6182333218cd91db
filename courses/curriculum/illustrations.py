"""The naloxone course's skill illustrations, as images in the CMS image library.

The SVG files, their alt text and captions live in ``illustrations/`` beside this module. The
loader adds each drawing to Wagtail's image library once, tagged with a stable name, and finds
it again by that tag on every later load. Trainers can then choose the same picture in their
own lessons, retitle it, or upload a new file for it: the loader keeps using whatever image
carries the tag.

SVG stays off the upload form (WAGTAILIMAGES_EXTENSIONS): a trainer's SVG could carry a
script. These files come from the repository, are checked by the test suite (no script, no
external reference) and are shown through ``<img>``, where an SVG cannot run anything.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.images import get_image_model

ILLUSTRATIONS_DIR = Path(__file__).parent / "illustrations"
ILLUSTRATIONS_FILE = ILLUSTRATIONS_DIR / "illustrations.toml"
TAG_PREFIX = "open-door-illustration-"


class UnknownIllustrationError(LookupError):
    """A lesson names an illustration that is not in illustrations.toml."""


@dataclass(frozen=True)
class Illustration:
    name: str
    title: str
    alt: str
    caption: str

    @property
    def path(self) -> Path:
        return ILLUSTRATIONS_DIR / f"{self.name}.svg"

    @property
    def tag(self) -> str:
        return TAG_PREFIX + self.name


def illustrations_file(language: str = "en"):
    """``illustrations.toml``, or its translation (``illustrations.es.toml``) when there is one.

    A translation holds the same tables with the alt text and captions in its language."""
    translated = ILLUSTRATIONS_FILE.with_name(f"{ILLUSTRATIONS_FILE.stem}.{language}.toml")
    return translated if language != "en" and translated.exists() else ILLUSTRATIONS_FILE


@cache
def illustrations(language: str = "en") -> dict[str, Illustration]:
    data = tomllib.loads(illustrations_file(language).read_text(encoding="utf-8"))
    return {
        name: Illustration(
            name=name, title=entry["title"], alt=entry["alt"], caption=entry["caption"]
        )
        for name, entry in data.items()
    }


def illustration(name: str, language: str = "en") -> Illustration:
    try:
        return illustrations(language)[name]
    except KeyError:
        known = ", ".join(sorted(illustrations(language)))
        raise UnknownIllustrationError(
            f"The curriculum asks for an illustration called {name!r}, which is not in "
            f"{ILLUSTRATIONS_FILE.name}. Known illustrations: {known}."
        ) from None


def illustration_image(item: Illustration):
    """The library image for an illustration: the one tagged for it, else a new one."""
    Image = get_image_model()
    image = Image.objects.filter(tags__name=item.tag).order_by("pk").first()
    if image is None:
        image = Image(title=item.title, file=ContentFile(item.path.read_bytes(), item.path.name))
        image.save()
        image.tags.add(item.tag)
    return image


def illustration_block_value(name: str, language: str = "en") -> dict:
    """The value of a lesson's image block showing the named illustration, with the alt text
    and caption in `language` (the image itself is shared by every language)."""
    item = illustration(name, language)
    return {"image": illustration_image(item), "alt_text": item.alt, "caption": item.caption}

"""Certificate PDFs: named variables filled from the record, one template, one renderer.

The renderer (WeasyPrint) reaches files only through :class:`LocalOnlyURLFetcher`, which serves
our own static files and media (default storage) and nothing else: a template, setting or image
that points anywhere else renders without it, and no network request is ever made.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from basics.codes import group_code
from basics.links import absolute_url, site_url
from basics.numbers import plain_number

from .branding import Branding, branding_for
from .languages import checklist_title_in
from .models import Certificate, DocumentKind, PageSize
from .models.records import CODE_GROUP
from .qr import qr_svg_data_uri

logger = logging.getLogger(__name__)

# Bump when the template or stylesheet changes what a certificate looks like; each certificate
# records the version it was made with.
TEMPLATE_VERSION = "2"  # 2: hours by format (online, in person) for blended courses
TEMPLATE_NAME = "certificates/pdf/certificate.html"
STYLESHEET = "css/certificate.css"
DEFAULT_LOGO = "img/certificates/logo.svg"
# Renditions keep the PDF small whatever size the uploaded image is. JPEG on white: WeasyPrint
# embeds JPEG bytes as they are, while it decodes and re-encodes every PNG on every render.
LOGO_RENDITION = "max-480x240|bgcolor-ffffff|format-jpeg|jpegquality-90"
SIGNATURE_RENDITION = "max-600x200|bgcolor-ffffff|format-jpeg|jpegquality-90"
LONG_NAME = 36  # characters; longer names print smaller so they fit on two lines at most

CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class BlockedURL(ValueError):
    """The PDF asked for something that is not one of our static or media files."""


def base_url() -> str:
    """The base every relative URL in the PDF template resolves against."""
    return site_url() + "/"


def static_file_url(path: str) -> str:
    return urljoin(base_url(), settings.STATIC_URL) + path


def media_file_url(name: str) -> str:
    return urljoin(base_url(), settings.MEDIA_URL) + name


def _safe_relative_path(path: str) -> str:
    path = unquote(path)
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or ".." in parts or "" in parts[:-1]:
        raise BlockedURL(f"Unsafe path: {path!r}")
    return posixpath.normpath(path)


class LocalOnlyURLFetcher(URLFetcher):
    """Serve our static files and media to WeasyPrint; refuse every other URL.

    Static files come from the source folders (``STATICFILES_DIRS`` and apps, through the
    finders) or, failing that, from the collected files; media from the default storage.
    ``data:`` URIs (the QR code) are decoded locally. Anything else raises, and WeasyPrint
    renders the document without that resource.
    """

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        static_prefix = urljoin(base_url(), settings.STATIC_URL)
        media_prefix = urljoin(base_url(), settings.MEDIA_URL)
        clean_url = url.split("#")[0].split("?")[0]
        if clean_url.startswith(static_prefix):
            return self._response(url, self._read_static(clean_url[len(static_prefix) :]))
        if clean_url.startswith(media_prefix):
            return self._response(url, self._read_media(clean_url[len(media_prefix) :]))
        raise BlockedURL(f"Certificates load only our own static and media files, not {url}")

    @staticmethod
    def _response(url: str, data: bytes) -> URLFetcherResponse:
        content_type = CONTENT_TYPES.get(Path(urlsplit(url).path).suffix.lower(), "")
        return URLFetcherResponse(url, data, {"Content-Type": content_type} if content_type else {})

    @staticmethod
    def _read_static(path: str) -> bytes:
        path = _safe_relative_path(path)
        try:
            found = finders.find(path)
        except SuspiciousFileOperation as error:
            raise BlockedURL(str(error)) from error
        if found:
            return Path(found).read_bytes()
        if staticfiles_storage.exists(path):
            with staticfiles_storage.open(path, "rb") as file:
                return file.read()
        raise BlockedURL(f"No static file {path!r}")

    @staticmethod
    def _read_media(name: str) -> bytes:
        name = _safe_relative_path(name)
        try:
            with default_storage.open(name, "rb") as file:
                return file.read()
        except (FileNotFoundError, SuspiciousFileOperation) as error:
            raise BlockedURL(f"No media file {name!r}") from error


# Parsing the stylesheet loads the fonts (@font-face), and decoding images is the next cost:
# each thread keeps one parsed stylesheet (while the file is unchanged) and its images.
_local = threading.local()


class ImageCache(dict):
    """WeasyPrint's image cache, kept between renders for our logo, signature and static
    images. QR codes (``data:`` URIs, one per certificate) are not kept, and the cache empties
    itself if it ever grows past `limit` entries (a new logo uploaded many times)."""

    limit = 64

    def __setitem__(self, key, value):
        if isinstance(key, str) and key.startswith("data:"):
            return
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


def _image_cache() -> ImageCache:
    cache = getattr(_local, "images", None)
    if cache is None:
        cache = _local.images = ImageCache()
    return cache


def _stylesheet() -> tuple[CSS, FontConfiguration]:
    path = finders.find(STYLESHEET)
    mtime = Path(path).stat().st_mtime if path else 0
    cached = getattr(_local, "stylesheet", None)
    if cached is None or cached[0] != (path, mtime, base_url()):
        font_config = FontConfiguration()
        css = CSS(
            url=static_file_url(STYLESHEET),
            url_fetcher=LocalOnlyURLFetcher(),
            font_config=font_config,
        )
        cached = ((path, mtime, base_url()), css, font_config)
        _local.stylesheet = cached
    return cached[1], cached[2]


def verification_url(code: str) -> str:
    """The public page for the certificate with `code`, as printed and in the QR code."""
    return absolute_url(reverse("certificates:verify", args=[group_code(code, CODE_GROUP)]))


@dataclass
class CertificateDocument:
    """Every variable the PDF template uses. Built from a record (or sample data for previews)."""

    title: str
    learner_name: str
    course_title: str
    completion_date: str
    contact_hours: str
    delivery_format: str
    hours_count: int = 2  # chooses "hour" or "hours" (gettext plurals need a whole number)
    # For a course with a live session: [{"label", "hours", "count"}], one per format.
    hours_by_format: list[dict] = field(default_factory=list)
    name_is_long: bool = False
    is_attendance: bool = False
    approvals: list[dict] = field(default_factory=list)
    observed_skills: list[str] = field(default_factory=list)
    issuer_name: str = ""
    issuer_address: str = ""
    issuer_contact: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    signature_url: str = ""
    logo_url: str = ""
    code: str = ""
    verify_url: str = ""
    qr_data_uri: str = ""
    valid_until: str = ""
    replaces_code: str = ""
    retention_statement: str = ""
    page_size: str = PageSize.LETTER
    language: str = "en"
    language_note: str = ""
    is_preview: bool = False


def observed_skills_lines(certificate: Certificate) -> list[str]:
    """'Skills observed: <checklist> by <observer>, <date>' for each sign-off it was issued
    with, in the active language (call inside the certificate's language)."""
    lines = []
    for skill in certificate.observed_skills or []:
        day = datetime.date.fromisoformat(skill["date"])
        values = {
            "checklist": checklist_title_in(skill, translation.get_language() or "en"),
            "observer": skill["observer"],
            "date": formats.date_format(day, "DATE_FORMAT"),
        }
        if skill["observer"]:
            lines.append(_("Skills observed: %(checklist)s by %(observer)s, %(date)s") % values)
        else:
            lines.append(_("Skills observed: %(checklist)s, %(date)s") % values)
    return lines


def _image_url(image, rendition: str) -> str:
    if image is None:
        return ""
    try:
        return media_file_url(image.get_rendition(rendition).file.name)
    except (OSError, ValueError):
        logger.warning("Certificate image %s could not be read; printing without it", image.pk)
        return ""


def document_for(
    certificate: Certificate, *, branding: Branding | None = None, is_preview: bool = False
) -> CertificateDocument:
    """The template's variables for `certificate` (saved or not): its snapshots, plus the
    logo, signature and paper size of the course's branding."""
    branding = branding or branding_for(certificate.course)
    with translation.override(certificate.language):
        replaces = certificate.replaces.display_code if certificate.replaces_id else ""
        return CertificateDocument(
            title=str(DocumentKind(certificate.kind).label),
            learner_name=certificate.learner_name,
            course_title=certificate.course_title,
            completion_date=formats.date_format(certificate.completion_date, "DATE_FORMAT"),
            contact_hours=certificate.hours_display,
            hours_count=1 if certificate.contact_hours == 1 else 2,
            name_is_long=len(certificate.learner_name) > LONG_NAME,
            is_attendance=certificate.kind == DocumentKind.ATTENDANCE,
            delivery_format=certificate.delivery_format,
            hours_by_format=[
                {
                    "label": part["label"],
                    "hours": plain_number(part["hours"]),
                    "count": 1 if part.get("one") else 2,
                }
                for part in certificate.hours_by_format
            ],
            approvals=list(certificate.approvals),
            observed_skills=observed_skills_lines(certificate),
            issuer_name=certificate.issuer_name,
            issuer_address=certificate.issuer_address,
            issuer_contact=certificate.issuer_contact,
            signatory_name=certificate.signatory_name,
            signatory_title=certificate.signatory_title,
            signature_url=_image_url(branding.signature, SIGNATURE_RENDITION),
            logo_url=_image_url(branding.logo, LOGO_RENDITION) or static_file_url(DEFAULT_LOGO),
            code=certificate.display_code,
            verify_url=verification_url(certificate.code),
            qr_data_uri=qr_svg_data_uri(verification_url(certificate.code)),
            valid_until=(
                formats.date_format(certificate.valid_until, "DATE_FORMAT")
                if certificate.valid_until
                else ""
            ),
            replaces_code=replaces,
            retention_statement=certificate.retention_statement,
            page_size=branding.page_size,
            language=certificate.language,
            language_note=certificate.language_note,
            is_preview=is_preview,
        )


def render_html(document: CertificateDocument, template_name: str = TEMPLATE_NAME) -> str:
    with translation.override(document.language):
        return render_to_string(template_name, {"doc": document})


def render_pdf(document: CertificateDocument, template_name: str = TEMPLATE_NAME) -> bytes:
    """The PDF for `document`: tagged (PDF/UA-1), with its text embedded and metadata set."""
    stylesheet, font_config = _stylesheet()
    html = HTML(
        string=render_html(document, template_name),
        base_url=base_url(),
        url_fetcher=LocalOnlyURLFetcher(),
    )
    return html.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant="pdf/ua-1",
        cache=_image_cache(),
    )


def render_certificate(certificate: Certificate) -> bytes:
    return render_pdf(document_for(certificate))

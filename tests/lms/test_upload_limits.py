"""Caps on uploads and typed text: refused with a clear message, never a 500."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def cms_client(cms_trainer):
    client = Client()
    sign_in_with_mfa(client, cms_trainer)
    return client


def png(width=40, height=30, *, noise=False) -> bytes:
    buffer = io.BytesIO()
    if noise:  # random pixels do not compress: the file is about width * height * 3 bytes
        image = PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = PILImage.new("RGB", (width, height), "teal")
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_document(client, name, content, content_type):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_png_image_is_accepted(cms_client):
    response = upload_image(cms_client, "ok.png", png(), "image/png")

    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.html", HTML, "text/html"),
        ("disguised.png", SVG, "image/png"),  # an SVG renamed to .png is not an image either
    ],
)
def test_svg_and_html_images_are_refused_with_a_message(cms_client, name, content, content_type):
    response = upload_image(cms_client, name, content, content_type)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Not a supported image format" in page or "Not a valid .png image" in page
    assert not Image.objects.exists()


def test_an_oversize_image_is_refused_with_a_message(cms_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2_000
    big = png(100, 100, noise=True)
    assert len(big) > 2_000

    response = upload_image(cms_client, "big.png", big, "image/png")

    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Image.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_with_a_message(cms_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000

    response = upload_image(cms_client, "wide.png", png(200, 100), "image/png")

    assert response.status_code == 200
    assert "too many pixels" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.html", HTML, "text/html"),
        ("page.htm", HTML, "text/html"),
        ("script.js", b"alert(1)", "text/javascript"),
    ],
)
def test_documents_other_than_office_pdf_and_text_are_refused(
    cms_client, name, content, content_type
):
    response = upload_document(cms_client, name, content, content_type)

    page = response.content.decode()
    assert response.status_code == 200
    assert "File extension" in page and "is not allowed" in page
    assert not Document.objects.exists()


def test_a_pdf_document_is_accepted(cms_client):
    response = upload_document(cms_client, "handout.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")

    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_the_configured_caps_are_in_place(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"svg", "html", "htm", "js", "xml"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


# Overlong typed text: each is a form error next to the field, not a 500.


def overlong_cases(learner_client, certificate, organization):
    return [
        (reverse("accounts:profile"), {"display_name": "x" * 81}, "at most 80 characters"),
        (reverse("accounts:join"), {"code": "A" * 500}, "at most 20 characters"),
        (
            reverse("certificates:save_name"),
            {"certificate_name": "Jo " * 100},
            "at most 120 characters",
        ),
        (
            reverse("certificates:request_correction", args=[certificate.display_code]),
            {"requested_name": "Jo Rivera", "note": "n" * 501},
            "at most 500 characters",
        ),
        (
            reverse("certificates:verify_form") + "?code=" + "K" * 100,
            None,
            "at most 40 characters",
        ),
    ]


def test_overlong_text_is_a_clear_form_error(client, learner, course, organization):
    from .conftest import certify

    learner.certificate_name = "Jo Rivera"
    learner.save()
    certificate = certify(learner, course)
    client.force_login(learner)
    for url, data, message in overlong_cases(client, certificate, organization):
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code in (200, 400), url
        assert message in response.content.decode(), url


def test_an_overlong_reflection_is_a_clear_form_error(client, learner, course):
    from tests.courses.conftest import SCENARIO_ID, make_lesson, scenario_body

    from .conftest import enrol

    lesson = make_lesson(course, "Talking with Jo", body=scenario_body())
    enrol(learner, course)
    client.force_login(learner)

    response = client.post(
        f"{lesson.url}reflection/", {"block": SCENARIO_ID, "text": "x" * 20_000}, follow=True
    )

    assert response.status_code in (200, 400)
    assert "Please shorten your reflection" in response.content.decode()


def test_a_request_body_over_the_cap_is_refused_not_a_500(client, learner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(learner)

    response = client.post(reverse("accounts:profile"), {"display_name": "x" * 20_000})

    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()

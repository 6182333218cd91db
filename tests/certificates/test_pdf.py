"""The certificate PDF: what it says, how it is built, what it may load."""

import io
import socket

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from certificates import rendering
from certificates.models import DocumentKind
from certificates.preview import preview_pdf
from certificates.rendering import LocalOnlyURLFetcher, document_for, render_pdf
from tests.certificates.conftest import certificate_pdf, issue, pdf_text

pytestmark = pytest.mark.django_db


def fonts_in(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def decode_qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_it_is_a_one_page_pdf_with_the_name_course_hours_and_code(certificate):
    pdf = certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF-")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    for expected in [
        certificate.learner_name,
        "Naloxone basics",
        "1.5 contact hours",
        "Self-paced online",
        certificate.display_code,
        "Certificate of completion",
    ]:
        assert expected in text


def test_it_never_claims_the_learner_is_certified(certificate):
    assert "certif" not in pdf_text(certificate_pdf(certificate)).lower().replace("certificate", "")


def test_the_qr_code_opens_the_verification_page(certificate):
    codes = decode_qr_codes(certificate_pdf(certificate))
    assert codes == [f"https://opendoor.test/verify/{certificate.display_code}/"]


def test_it_has_title_author_subject_and_language(certificate):
    reader = pypdf.PdfReader(io.BytesIO(certificate_pdf(certificate)))
    assert reader.metadata.title == "Certificate of completion: Naloxone basics"
    assert reader.metadata.author == "Open Door"
    assert certificate.display_code in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_it_is_tagged_for_screen_readers(certificate):
    reader = pypdf.PdfReader(io.BytesIO(certificate_pdf(certificate)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # identifies itself as PDF/UA-1


@pytest.mark.parametrize(
    "name",
    [
        "José Ñúñez-Ærøskøbing",  # Latin with accents
        "Александра Иванова",  # Cyrillic
        "محمد عبد الله",  # Arabic
        "王小明",  # Chinese
        "田中 さくら",  # Japanese
    ],
)
def test_names_in_any_script_are_printed_as_text(named_learner, course, name):
    named_learner.certificate_name = name
    named_learner.save()
    pdf = certificate_pdf(issue(named_learner, course))
    text = pdf_text(pdf)
    if name.startswith("محمد"):
        # Extracted Arabic comes back in visual order; every word must be there.
        assert all(word in text or word[::-1] in text for word in name.split())
    else:
        assert name in text


def test_each_script_is_drawn_with_a_font_that_has_it(named_learner, course):
    named_learner.certificate_name = "José Алексей محمد 王小明"
    named_learner.save()
    fonts = fonts_in(certificate_pdf(issue(named_learner, course)))
    assert any(font.startswith("Open-Door-Sans") for font in fonts)
    assert any(font.startswith("Open-Door-Arabic") for font in fonts)
    assert any("CJK" in font for font in fonts)
    assert not any("DejaVu" in font or "Liberation" in font for font in fonts)


def test_html_in_a_name_is_printed_literally(named_learner, course):
    name = "<script>alert('x')</script> & \"Jo\" <b>"
    named_learner.certificate_name = name
    named_learner.save()
    text = pdf_text(certificate_pdf(issue(named_learner, course)))
    assert "<script>alert('x')</script>" in text
    assert '& "Jo" <b>' in text


def test_attendance_approvals_print_a_statement_of_attendance(certificate):
    certificate.kind = DocumentKind.ATTENDANCE
    text = pdf_text(render_pdf(document_for(certificate)))
    assert "Statement of attendance" in text
    assert "attended" in text
    assert "Certificate of completion" not in text


def test_approval_statements_and_provider_numbers_are_printed(named_learner, course, approval):
    text = pdf_text(certificate_pdf(issue(named_learner, course)))
    assert "NAADAC" in text
    assert "123456" in text
    assert "Approved Education Provider" in " ".join(text.split())


def test_the_paper_size_follows_the_site_setting(certificate):
    from certificates.branding import branding_for

    branding = branding_for(certificate.course)
    letter = pypdf.PdfReader(io.BytesIO(render_pdf(document_for(certificate, branding=branding))))
    branding.page_size = "A4"
    a4 = pypdf.PdfReader(io.BytesIO(render_pdf(document_for(certificate, branding=branding))))
    assert [round(float(v)) for v in letter.pages[0].mediabox[2:]] == [792, 612]
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [842, 595]


def test_a_reissued_certificate_says_which_one_it_replaces(certificate):
    from certificates.services import correct_name

    new = correct_name(certificate, "Samantha Rivera", by=None)
    text = pdf_text(certificate_pdf(new))
    assert f"REISSUED: replaces certificate {certificate.display_code}" in text
    assert "Samantha Rivera" in text


def test_the_preview_uses_sample_data_and_is_marked(db):
    text = pdf_text(preview_pdf())
    assert "Sample" in text
    assert "María-José Ñúñez Łukasik" in text


def test_the_pdf_stays_small(certificate):
    assert certificate.pdf_size < 100_000


class TestTheUrlFetcher:
    def test_it_serves_our_static_files(self):
        response = LocalOnlyURLFetcher().fetch(
            rendering.static_file_url("img/certificates/logo.svg")
        )
        assert b"<svg" in response.read()
        assert response.content_type == "image/svg+xml"

    def test_it_serves_media_from_the_default_storage(self):
        name = default_storage.save("original_images/sig.png", ContentFile(b"png bytes"))
        response = LocalOnlyURLFetcher().fetch(rendering.media_file_url(name))
        assert response.read() == b"png bytes"

    @pytest.mark.parametrize(
        "url",
        [
            "https://example.org/logo.png",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
            "https://opendoor.test/admin/",
            "https://opendoor.test/static/../../../etc/passwd",
            "https://opendoor.test/static/%2e%2e/%2e%2e/etc/passwd",
            "https://opendoor.test/media/../lms/settings/base.py",
            "https://opendoor.test/static/does-not-exist.png",
        ],
    )
    def test_it_refuses_everything_else(self, url):
        with pytest.raises(rendering.BlockedURL):
            LocalOnlyURLFetcher().fetch(url)

    def test_a_template_pointing_elsewhere_renders_without_touching_the_network(
        self, certificate, monkeypatch, settings, tmp_path
    ):
        def no_network(*args, **kwargs):
            raise AssertionError("the renderer tried to reach the network")

        monkeypatch.setattr(socket, "create_connection", no_network)
        monkeypatch.setattr(socket.socket, "connect", no_network)
        template = tmp_path / "evil.html"
        template.write_text(
            '<html><head><link rel="stylesheet" href="https://example.org/x.css">'
            '<style>@import url("http://example.org/y.css"); '
            '@font-face { font-family: X; src: url("https://fonts.example.org/x.ttf"); }</style>'
            "</head><body><p>{{ doc.learner_name }}</p>"
            '<img src="https://example.org/tracker.png" alt=""><img src="file:///etc/hostname" alt="">'
            "</body></html>"
        )
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
        ]
        pdf = render_pdf(document_for(certificate), template_name="evil.html")
        assert pdf.startswith(b"%PDF-")
        assert certificate.learner_name in pdf_text(pdf)


def png_image(title, size, colour):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGBA", size, colour).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def test_an_uploaded_logo_and_signature_are_embedded_and_the_pdf_stays_small(named_learner, course):
    from wagtail.models import Site

    from certificates.models import CertificateSettings

    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = png_image("logo", (1600, 800), (11, 93, 87, 255))
    settings.signature = png_image("signature", (1800, 600), (28, 43, 74, 128))
    settings.signatory_name = "Dr. Jordan Ellis"
    settings.save()

    certificate = issue(named_learner, course)
    pdf = certificate_pdf(certificate)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    images = [
        xobject
        for xobject in page["/Resources"]["/XObject"].values()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) >= 2
    assert len(pdf) < 100_000
    assert "Dr. Jordan Ellis" in pdf_text(pdf)

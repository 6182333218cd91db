"""The transcript PDF: real WeasyPrint output read back with pypdf, its QR code decoded, and
its public verification page; only the learner downloads it."""

import io

import pypdf
import pytest
from django.urls import reverse

from tests.certificates.test_pdf import decode_qr_codes, fonts_in
from tests.lms.conftest import certify
from transcripts.models import Transcript

from .conftest import CALMHSA, choose, course_with_hours, days_ago, track

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    learner.certificate_name = "Sam Rivera"
    learner.save(update_fields=["certificate_name"])
    client.force_login(learner)
    return client


def download_new_transcript(client) -> tuple[Transcript, bytes]:
    response = client.post(reverse("transcripts:issue"))
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    assert response.url == reverse("transcripts:download", args=[transcript.display_code])
    pdf = client.get(response.url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    return transcript, b"".join(pdf.streaming_content)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_transcript_lists_courses_hours_certificates_and_track_progress(signed_in, learner):
    law = course_with_hours(
        "Peer law and ethics",
        "2",
        [("Law and ethics", "online", "1.5")],
    )
    live = course_with_hours(
        "Harm reduction in the room",
        "3",
        [("Harm reduction", "in_person", "3")],
        delivery_format="live",
    )
    certificate = certify(learner, law, completed_at=days_ago(20))
    certify(learner, live, completed_at=days_ago(10))
    choose(signed_in, track(CALMHSA))

    transcript, pdf = download_new_transcript(signed_in)

    text = text_of(pdf)
    for expected in [
        "Training transcript",
        "Sam Rivera",
        "Total contact hours: 5",
        "Peer law and ethics",
        "Harm reduction in the room",
        "Law and ethics (Online): 1.5",
        "Harm reduction (In person): 3",
        f"{certificate.display_code} (Valid)",
        CALMHSA,
        "5 of 20 hours",
        "Law and ethics: 1.5 of at least 6 hours",
        "not a promise of credit",
        transcript.display_code,
    ]:
        assert expected in text, expected
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged PDF
    # The certificates' fonts (static/fonts), regular and bold, embedded.
    assert len({font for font in fonts_in(pdf) if font.startswith("Open-Door-Sans")}) == 2

    verify_url = f"https://opendoor.test/verify/transcript/{transcript.display_code}/"
    assert decode_qr_codes(pdf) == [verify_url]
    page = signed_in.get(verify_url.removeprefix("https://opendoor.test"))
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Sam Rivera" in shown and "Peer law and ethics" in shown
    assert learner.email not in shown


def test_a_revoked_certificates_course_is_left_out_of_the_verified_list(signed_in, learner):
    from certificates.models import Certificate

    course = course_with_hours("Law basics", "6", [("Law and ethics", "online", "6")])
    certify(learner, course, completed_at=days_ago(9), status=Certificate.Status.REVOKED)

    transcript, pdf = download_new_transcript(signed_in)

    assert "(Revoked)" in text_of(pdf)
    assert "Total contact hours: 0" in text_of(pdf)
    assert transcript.courses == []


def test_without_a_certificate_name_the_learner_is_asked_for_it_first(client, learner):
    client.force_login(learner)

    response = client.post(reverse("transcripts:issue"), follow=True)

    assert "Please tell us the name to print on your certificates first" in (
        response.content.decode()
    )
    assert not Transcript.objects.exists()


def test_only_the_learner_downloads_their_transcript(signed_in, client, outsider):
    transcript, _pdf = download_new_transcript(signed_in)
    url = reverse("transcripts:download", args=[transcript.display_code])
    client.logout()

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_issuing_is_post_only_and_needs_sign_in(client, learner):
    response = client.post(reverse("transcripts:issue"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(learner)
    assert client.get(reverse("transcripts:issue")).status_code == 405


def test_an_unknown_code_is_not_found_and_a_typed_code_finds_its_page(signed_in):
    transcript, _pdf = download_new_transcript(signed_in)

    assert signed_in.get(reverse("transcripts:verify", args=["ZZZZ-ZZZZ-ZZZZ"])).status_code == 404
    typed = transcript.code.lower()
    response = signed_in.get(reverse("transcripts:verify", args=[typed]))
    assert response.status_code == 302
    assert response.url == reverse("transcripts:verify", args=[transcript.display_code])


def test_the_hours_page_lists_earlier_transcripts(signed_in):
    transcript, _pdf = download_new_transcript(signed_in)

    page = signed_in.get(reverse("transcripts:my_hours")).content.decode()

    assert reverse("transcripts:download", args=[transcript.display_code]) in page

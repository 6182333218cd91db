"""Every absolute link the site makes reaches the site: followed against a running server.

SITE_URL is the running server's address (as `make run` sets it to the address it serves
on), while the requests that cause each link come from the test client, whose host is
"testserver": a link built on the request's host instead would not open. Each link is read
where a person reads it (the email's text, the PDF's text, the QR code decoded from the
rendered PDF or from the join sheet's SVG, the manifest in the ZIP) and opened over HTTP.
"""

import csv
import datetime
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from PIL import Image, ImageDraw

from certificates.models import Certificate
from certificates.reminders import send_expiry_reminders
from tests.certificates.conftest import certificate_pdf, issue, make_course, pdf_text
from tests.certificates.test_pdf import decode_qr_codes
from tests.conftest import sign_in_with_mfa

from .conftest import certify, person

LINK = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture
def site(settings, live_server) -> str:
    settings.SITE_URL = live_server.url
    return live_server.url


def links_in(text: str, site: str) -> list[str]:
    found = LINK.findall(text)
    assert found, text
    assert all(link.startswith(site + "/") for link in found), (site, found)
    return found


def opened(url: str) -> tuple[int, str, str]:
    """Open `url` as someone clicking it in an email (no cookies); redirects are followed."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.url, response.read().decode()


def assert_reaches_the_site(url: str, site: str, expected_text: str = "") -> str:
    status, final_url, body = opened(url)
    assert status == 200, url
    assert final_url.startswith(site + "/"), (url, final_url)
    assert expected_text in body, (url, expected_text)
    return body


def decode_segno_svg(svg: str) -> list[str]:
    """The text of the QR code in segno's SVG: its path is drawn module by module into an
    image that zxing-cpp then reads, as a phone's camera would read the printed sheet."""
    root = ET.fromstring(svg)  # noqa: S314 - our own server's output
    path = next(element for element in root.iter() if element.tag.endswith("path"))
    scale = float(re.search(r"scale\(([\d.]+)\)", path.get("transform")).group(1))
    modules = round(float(root.get("width")) / scale)
    pixels = 8
    image = Image.new("L", (modules * pixels, modules * pixels), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d.\s]+)", path.get("d")):
        values = [float(value) for value in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            top = (y - 0.5) * pixels
            draw.rectangle([x * pixels, top, (x + length) * pixels - 1, top + pixels - 1], fill=0)
            x += length
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_certificates_printed_address_and_qr_code_open_its_verification_page(site, learner):
    learner.certificate_name = "Samantha Q. Rivera"
    learner.save()
    certificate = issue(learner, make_course(certificate_validity_months=24))
    pdf = certificate_pdf(certificate)

    printed = re.search(r"Check it at\s+(\S+)", pdf_text(pdf)).group(1)
    assert decode_qr_codes(pdf) == [printed]
    assert printed == f"{site}/verify/{certificate.display_code}/"
    body = assert_reaches_the_site(printed, site, certificate.display_code)
    assert "Samantha Q. Rivera" in body


def test_a_certificate_is_never_issued_without_a_site_address(settings, learner):
    learner.certificate_name = "Samantha Q. Rivera"
    learner.save()
    course = make_course()
    settings.SITE_URL = ""

    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        issue(learner, course)

    assert not Certificate.objects.exists()


def test_confirmation_reset_and_unknown_account_emails_open_the_site(site, client, learner):
    client.post(
        reverse("account_signup"),
        {"email": "new.person@example.org", "password1": "a-long-test-passphrase-42"},
    )
    client.post(reverse("account_reset_password"), {"email": learner.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    confirmation, reset, unknown = mail.outbox
    for message in (confirmation, reset, unknown):
        assert "testserver" not in message.body
    assert_reaches_the_site(links_in(confirmation.body, site)[0], site, "Confirm")
    assert_reaches_the_site(links_in(reset.body, site)[0], site, "password")
    for link in links_in(unknown.body, site):
        assert_reaches_the_site(link, site)


def test_an_invitation_email_opens_the_invitation(site, client, manager, organization):
    sign_in_with_mfa(client, manager)  # sends allauth's "authenticator added" notice too
    client.post(
        reverse("accounts:organization_invite", args=[organization.slug]),
        {"emails": "new.worker@example.org", "role": "member"},
    )

    (invitation,) = [m for m in mail.outbox if m.to == ["new.worker@example.org"]]
    (link,) = links_in(invitation.body, site)
    assert_reaches_the_site(link, site, organization.name)
    notices = [m for m in mail.outbox if m is not invitation]
    assert notices
    for notice in notices:
        assert "testserver" not in notice.body
        assert urllib.parse.urlsplit(site).netloc in notice.body  # allauth names the site


def test_the_join_sheets_address_and_qr_code_open_the_join_page(
    site, client, manager, organization
):
    sign_in_with_mfa(client, manager)
    sheet = client.get(reverse("accounts:organization_join_code", args=[organization.slug]))
    qr = client.get(reverse("accounts:organization_join_code_qr", args=[organization.slug]))

    printed = re.search(r'<p class="join-url">([^<]+)</p>', sheet.content.decode()).group(1)
    printed = printed.replace("&amp;", "&")
    assert decode_segno_svg(qr.content.decode()) == [printed]
    assert printed == site + reverse("accounts:join") + f"?code={organization.join_code}"
    # Joining needs an account: the link opens the sign-in page, which keeps the code.
    status, final_url, _body = opened(printed)
    assert status == 200 and final_url.startswith(site + "/")
    assert organization.join_code in urllib.parse.unquote(final_url)


def test_the_zip_manifest_and_the_records_csv_list_verification_pages_that_open(
    site, client, manager, organization
):
    ana = person("ana@example.org", organization, first="Ana", last="López")
    certificate = certify(ana, make_course())
    sign_in_with_mfa(client, manager)

    archive_response = client.get(reverse("partners:certificates_zip", args=[organization.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(archive_response.streaming_content)))
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    records_response = client.get(reverse("partners:records_csv", args=[organization.slug]))
    records = b"".join(records_response).decode("utf-8-sig")

    for text in (manifest, records):
        rows = list(csv.reader(io.StringIO(text)))
        (link,) = links_in(" ".join(" ".join(row) for row in rows), site)
        assert_reaches_the_site(link, site, certificate.display_code)


def test_an_expiry_reminder_links_to_the_learners_certificates(site, learner):
    learner.certificate_name = "Samantha Q. Rivera"
    learner.save()
    certificate = issue(learner, make_course(certificate_validity_months=24))
    mail.outbox.clear()  # the "your certificate is ready" email (tested below)
    send_expiry_reminders(certificate.valid_until - datetime.timedelta(days=60))

    (reminder,) = mail.outbox
    for link in links_in(reminder.body, site):
        # Signed out, the certificates page asks to sign in first, on this site.
        assert_reaches_the_site(link, site, "Sign in")


def test_make_run_builds_links_on_the_address_it_serves_on():
    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        [make, "-n", "run", "HOST=127.0.0.1", "PORT=8123"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
    ).stdout
    (serve,) = [line for line in plan.splitlines() if " runserver " in line]
    assert serve.endswith("runserver 127.0.0.1:8123")
    variables = dict(word.split("=", 1) for word in shlex.split(serve) if "=" in word)
    script = "from basics.links import absolute_url; print(absolute_url('/verify/'))"
    dev = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **variables, "DJANGO_SETTINGS_MODULE": "lms.settings.dev"},
    )

    assert dev.returncode == 0, dev.stderr
    assert dev.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123/verify/"


def test_the_certificate_ready_email_links_reach_the_site(site, learner):
    learner.certificate_name = "Samantha Q. Rivera"
    learner.save()
    certificate = issue(learner, make_course(certificate_validity_months=24))

    (ready,) = mail.outbox
    links = links_in(ready.body, site)
    assert len(links) == 2  # the learner's completion page and the verification page
    verify = next(link for link in links if "/verify/" in link)
    assert_reaches_the_site(verify, site, certificate.display_code)
    page = next(link for link in links if "/my-learning/completed/" in link)
    # Signed out, the completion page asks to sign in first, on this site.
    assert_reaches_the_site(page, site, "Sign in")

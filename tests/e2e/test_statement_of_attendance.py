"""A standalone session's statement of attendance on a phone: the attendee gives the name to
print, gets the statement, downloads the PDF (read back), and opens its verification page
from the address printed on it. Every page is scanned with axe and photographed."""

import io
import re

import pypdf
import pytest

from accounts.models import Membership
from tests.certificates.test_statements import TITLE, closed_session, mark_and_close
from tests.conftest import make_member, make_user

from .journeys import Pages, open_browser_for, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["phone"])
def test_an_attendee_gets_and_checks_a_statement(
    browser, live_server, viewport, site_url, organization
):
    facilitator = make_user("robin@example.org", display_name="Robin")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    lee = make_user("lee@example.org", display_name="Lee")
    session = mark_and_close(
        closed_session(organization, facilitator), [(lee, "attended", 120)], facilitator
    )
    pages = Pages("statement", viewport)
    phone = open_browser_for(browser, live_server, viewport)
    sign_in(phone, pages, lee.email, next_url=f"/trainings/{session.code}/")
    pages.check(phone, "session-page")
    phone.get_by_label("Name on certificates").fill("Lee Okafor")
    phone.get_by_role("button", name="Get your statement of attendance").click()
    phone.get_by_text("Your statement of attendance is ready.").wait_for()
    pages.check(phone, "statement-ready")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download your statement of attendance (PDF)").click()
    reader = pypdf.PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Statement of attendance" in text and "Lee Okafor" in text and TITLE in text
    printed = re.search(r"Check it at (\S+)", text).group(1)
    assert printed.startswith(live_server.url)
    phone.goto(printed)
    phone.get_by_text("This statement of attendance is valid.").wait_for()
    pages.check(phone, "verified")
    phone.context.close()

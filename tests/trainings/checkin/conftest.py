"""People and a session happening now, for the check-in tests."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import Membership
from tests.conftest import make_member, make_user
from tests.trainings.conftest import make_session
from trainings import services


def happening_session(organization, **fields):
    """A session that starts in ten minutes: check-in is open, and so is registration."""
    start = (timezone.now() + datetime.timedelta(minutes=10)).replace(microsecond=0)
    return make_session(
        organization,
        start=start,
        registration_opens=start - datetime.timedelta(days=3),
        **fields,
    )


@pytest.fixture
def live_session(organization):
    return happening_session(organization)


@pytest.fixture
def facilitator(organization, live_session):
    user = make_user("facilitator@example.org", display_name="Dana")
    make_member(user, organization, Membership.Role.FACILITATOR)
    live_session.facilitators.add(user)
    return user


@pytest.fixture
def other_facilitator(other_organization):
    """A facilitator of another organization (not of this session)."""
    user = make_user("other-facilitator@example.org", display_name="Kim")
    make_member(user, other_organization, Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def ana(live_session):
    person = make_user("ana@example.org", display_name="Ana")
    services.register(person, live_session)
    return person


def svg_in(page: str) -> str:
    """The first inline SVG of a page."""
    found = re.search(r"<svg\b.*?</svg>", page, re.S)
    assert found, "the page shows an inline SVG"
    return found.group(0)


def decode_svg_qr(svg: str) -> list[str]:
    """What a camera reads from an inline SVG QR code: drawn by WeasyPrint, rendered to an
    image by PDFium, read by ZXing (as the certificate tests read theirs)."""
    import pypdfium2
    import weasyprint
    import zxingcpp

    pdf = weasyprint.HTML(string=f"<html><body style='margin:1cm'>{svg}</body></html>").write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]

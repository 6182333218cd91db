"""Numbers are printed as people write them, on pages, in CSV files and on certificates.

Hours summed across a coalition came out as ``2E+2``: Decimal's normalized form in scientific
notation. One helper (basics.numbers.plain_number, the ``number``/``hours`` template filters)
prints every figure.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from basics.numbers import plain_number
from tests.certificates.conftest import certificate_pdf, issue, make_course, pdf_text
from tests.conftest import make_user, sign_in_with_mfa

from .test_partner_coalition import trained

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("2E+2"), "200"),
        (Decimal("200.00"), "200"),
        (200, "200"),
        (Decimal("1.250"), "1.25"),
        (Decimal("0.50"), "0.5"),
        (Decimal("1234.50"), "1,234.5"),
        (Decimal("-3.0"), "-3"),
        (None, ""),
        ("not a number", ""),
    ],
)
def test_plain_number(value, printed):
    assert plain_number(value) == printed


def test_plain_number_uses_the_separators_of_the_language_read():
    with translation.override("es"):  # Spanish groups thousands with a no-break space
        assert plain_number(Decimal("1234.50")) == "1\xa0234,5"
        assert plain_number(Decimal("0.50")) == "0,5"


def coalition_csv_total(client, coalition) -> list[str]:
    response = client.get(reverse("partners:coalition_csv", args=[coalition.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    return next(row for row in rows if row[1] == "Total")


def coalition_page(client, coalition) -> str:
    response = client.get(reverse("partners:coalition", args=[coalition.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_coalition_hours_of_200_print_as_200(client, coalition_manager, coalition, organization):
    course = make_course("Outreach basics", contact_hours=Decimal("12.50"))
    trained(organization, course, 16, "river")  # 16 x 12.5 = 200 hours
    sign_in_with_mfa(client, coalition_manager)

    page = coalition_page(client, coalition)
    total = coalition_csv_total(client, coalition)

    assert "<dd>200</dd>" in page
    assert "E+" not in page
    assert total[2:5] == ["16", "16", "200"]


def test_coalition_hours_over_a_thousand_are_grouped(
    client, coalition_manager, coalition, organization
):
    long_course = make_course("Long course", contact_hours=Decimal("100.00"))
    short_course = make_course("Short course", contact_hours=Decimal("34.50"))
    trained(organization, long_course, 12, "long")
    trained(organization, short_course, 1, "short")  # 12 x 100 + 34.5 = 1,234.5 hours
    sign_in_with_mfa(client, coalition_manager)

    page = coalition_page(client, coalition)
    total = coalition_csv_total(client, coalition)

    assert "<dd>1,234.5</dd>" in page
    assert total[4] == "1,234.5"


@pytest.mark.parametrize(("hours", "printed"), [("1.25", "1.25"), ("0.50", "0.5")])
def test_course_pages_and_certificates_print_hours_as_written(client, hours, printed):
    course = make_course("Short course", contact_hours=Decimal(hours))
    learner = make_user("hours@example.org", certificate_name="Sam Rivera")

    course_page = client.get(course.url).content.decode()
    certificate = issue(learner, course)
    verify_page = client.get(f"/verify/{certificate.display_code}/").content.decode()

    assert f"<dd>{printed}</dd>" in course_page
    assert f"<dd>{printed}</dd>" in verify_page
    assert f"{printed} contact hours" in pdf_text(certificate_pdf(certificate))

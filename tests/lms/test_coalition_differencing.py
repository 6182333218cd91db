"""Coalition figures cannot be subtracted from each other to recover a hidden small number.

Before, any range of months could be asked for: Jan-Dec minus Feb-Dec gave January's exact
counts, however small. Now only whole calendar quarters are offered, which never overlap, and
within one response the cells hidden in a table add up to 0 or to at least the threshold, so
a total minus the cells shown reveals no small number either. The property is checked over
every pair of periods the page offers, on generated data spread over five quarters.
"""

import csv
import datetime
import io
import itertools
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from basics.dates import add_months
from lms.partners.coalition import month_start
from tests.conftest import sign_in_with_mfa

from .conftest import certify, person

pytestmark = pytest.mark.django_db

THRESHOLD = 11
SEED = 22


@pytest.fixture
def lead_client(client, coalition_manager):
    sign_in_with_mfa(client, coalition_manager)
    return client


@pytest.fixture
def spread_data(organization, other_organization, course, second_course):
    """Certificates in each of the last 15 months, a random few (0-6) per course and month."""
    rng = random.Random(SEED)  # noqa: S311 - test data, not secrets
    this_month = month_start(timezone.localdate())
    number = 0
    for back in range(15):
        month = add_months(this_month, -back)
        for course_page in (course, second_course):
            for _ in range(rng.randint(0, 6)):
                number += 1
                where = rng.choice([organization, other_organization])
                learner = person(f"p{number}@example.org", where, first="P", last=str(number))
                moment = timezone.make_aware(
                    datetime.datetime.combine(month + datetime.timedelta(days=3), datetime.time(12))
                )
                if moment > timezone.now():
                    moment = timezone.now()
                certify(learner, course_page, completed_at=moment, issued_at=moment)
    return number


def offered_periods(client, coalition) -> list[str]:
    page = client.get(reverse("partners:coalition", args=[coalition.slug])).content.decode()
    select = re.search(r'<select name="quarter"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the page offers no quarter to choose"
    return re.findall(r'<option value="([^"]+)"', select.group(1))


def csv_tables(client, coalition, quarter) -> dict:
    response = client.get(
        reverse("partners:coalition_csv", args=[coalition.slug]), {"quarter": quarter}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    tables = {}
    # The first six columns; the session columns after them have a test of their own
    # (tests/lms/test_partner_coalition.py, the same hidden cells as the page).
    for table, label, _people, certificates, hours, _gain in (row[:6] for row in rows[1:]):
        tables.setdefault(table, {})[label] = {"certificates": certificates, "hours": hours}
    return tables


def number(text: str):
    return (
        None
        if text.startswith("<") or text in ("hidden", "", "—")
        else float(text.replace(",", ""))
    )


def months_of(tables) -> set[str]:
    return set(tables.get("By month", {}))


def assert_margin_reveals_nothing(total, cells):
    """`total` (shown) minus the shown `cells` is 0 or at least the threshold."""
    if total is None:
        return
    rest = total - sum(value for value in cells if value is not None)
    assert rest == 0 or rest >= THRESHOLD, (total, cells)


def test_no_pair_of_offered_periods_reveals_a_small_number(lead_client, coalition, spread_data):
    periods = offered_periods(lead_client, coalition)
    assert len(periods) == 12
    tables = {period: csv_tables(lead_client, coalition, period) for period in periods}

    for first, second in itertools.combinations(periods, 2):
        # Overlapping periods could be subtracted; these share no month at all.
        assert not months_of(tables[first]) & months_of(tables[second]), (first, second)

    for table in tables.values():
        total = number(table["All member organizations"]["Total"]["certificates"])
        for breakdown in ("By month", "By course"):
            cells = [number(row["certificates"]) for row in table.get(breakdown, {}).values()]
            assert_margin_reveals_nothing(total, cells)
        chart = table.get("Certificates issued by course and month", {})
        for course_title, row in table.get("By course", {}).items():
            cells = [
                number(r["certificates"])
                for label, r in chart.items()
                if label.startswith(course_title + " ")
            ]
            assert_margin_reveals_nothing(number(row["certificates"]), cells)
        for month, row in table.get("By month", {}).items():
            cells = [
                number(r["certificates"])
                for label, r in chart.items()
                if label.endswith(" " + month)
            ]
            assert_margin_reveals_nothing(number(row["certificates"]), cells)


@pytest.mark.parametrize(
    "params",
    [
        {"first_month": "2026-01", "last_month": "2026-12"},  # the old month ranges
        {"first_month": "2026-02"},
        {"quarter": "2026-Q5"},
        {"quarter": "1999-Q1"},  # not offered
        {"quarter": "garbage\x7f"},
    ],
)
def test_a_period_that_is_not_offered_is_a_clear_400(lead_client, coalition, params):
    page = lead_client.get(reverse("partners:coalition", args=[coalition.slug]), params)
    data = lead_client.get(reverse("partners:coalition_csv", args=[coalition.slug]), params)

    assert page.status_code == 400
    assert data.status_code == 400
    text = page.content.decode()
    assert "quarter" in text
    assert '<select name="quarter"' in text  # with the quarters to choose from
    assert "quarter" in data.content.decode()


def test_hidden_cells_that_add_up_to_a_small_number_get_another_partner(settings):
    from lms.partners.suppression import count, protect

    settings.PARTNER_MIN_CELL_SIZE = THRESHOLD
    # 3 and 4 are hidden; together they are 7, which the total minus the others would show.
    series = [count(40), count(3), count(4), count(20)]

    protect(series)

    assert [figure.text for figure in series] == ["40", "<11", "<11", "<11"]

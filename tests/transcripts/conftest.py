"""Fixtures for hours toward a credential: courses with hours by category, CE approvals and
the three seeded tracks (the migrations seed them; tests read them by name)."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from certificates.models import Approval
from courses.models import CourseHours, HoursCategory
from tests.certificates.conftest import make_course
from transcripts.models import CredentialTrack

CALMHSA = "California Medi-Cal Peer Support Specialist renewal (CalMHSA)"
CCAPP = "CCAPP counselor renewal (CADC and other CCAPP credentials)"
CRPA = "New York Certified Recovery Peer Advocate (CRPA), first credential"


@pytest.fixture(autouse=True)
def _site_url_and_fresh_storage(settings):
    settings.SITE_URL = "https://opendoor.test"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def track(name: str) -> CredentialTrack:
    return CredentialTrack.objects.get(name=name)


def course_with_hours(title, contact_hours, rows=(), **fields):
    """A course of `contact_hours`, with (category name, format, hours) rows."""
    course = make_course(title, contact_hours=Decimal(contact_hours), **fields)
    for position, (category, format_, hours) in enumerate(rows):
        CourseHours.objects.create(
            course=course,
            category=HoursCategory.objects.get(name=category),
            format=format_,
            hours=Decimal(hours),
            sort_order=position,
        )
    return course


def approve(course, body="CCAPP", *, valid_from=datetime.date(2020, 1, 1), valid_until=None):
    approval = Approval.objects.create(
        approving_body=body,
        provider_number="1234",
        statement=f"Approved by {body}, provider #1234.",
        valid_from=valid_from,
        valid_until=valid_until,
    )
    approval.courses.add(course)
    return approval


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def choose(client, *tracks, starts=None):
    """Post the track form as the page's checkboxes would; `starts` maps a track to a date."""
    data = {"tracks": [t.pk for t in tracks]}
    for chosen, day in (starts or {}).items():
        data[f"starts_{chosen.pk}"] = day
    return client.post(reverse("transcripts:choose_tracks"), data)


def hours_page(client) -> BeautifulSoup:
    response = client.get(reverse("transcripts:my_hours"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def track_section(page: BeautifulSoup, name: str):
    heading = page.find("h2", string=name)
    assert heading is not None, f"no section for {name}"
    return heading.find_parent("section")


def category_rows(section) -> dict[str, list[str]]:
    return {
        words(row.th): [words(cell) for cell in row.find_all("td")]
        for row in section.table.tbody.find_all("tr")
    }

"""Sessions for the trainings tests, built the way the CMS saves them (validated first)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from trainings.models import TrainingSession

ZONE = "America/Los_Angeles"


def make_session(organization, **fields) -> TrainingSession:
    start = fields.pop("start", None) or (timezone.now() + datetime.timedelta(days=7)).replace(
        microsecond=0
    )
    values = {
        "title": "Naloxone: responding to an overdose",
        "start": start,
        "end": start + datetime.timedelta(hours=2),
        "time_zone": ZONE,
        "format": TrainingSession.Format.IN_PERSON,
        "address": "120 Main Street, Riverside",
        "room": "Community room B",
        "capacity": 20,
        "contact_hours": Decimal("2.00"),
        "organization": organization,
        "registration_opens": timezone.now() - datetime.timedelta(days=1),
        **fields,
    }
    session = TrainingSession(**values)
    session.full_clean()
    session.save()
    return session


@pytest.fixture
def session(organization):
    return make_session(organization)

"""ChoiceListField: a list of vocabulary values in one column, filterable on any database."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import CoursePage
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


def test_it_stores_values_in_vocabulary_order_and_reads_them_back(catalog):
    course = make_course(catalog, topics=["other", "naloxone"], lessons=0)

    assert CoursePage.objects.get(pk=course.pk).topics == ["naloxone", "other"]
    field = CoursePage._meta.get_field("topics")
    assert field.get_prep_value(["other", "naloxone"]) == "|naloxone|other|"


def test_lookups_match_whole_values_only(catalog):
    make_course(catalog, "MI", topics=["motivational_interviewing"], lessons=0)
    field = CoursePage._meta.get_field("topics")

    assert CoursePage.objects.filter(**field.lookup("motivational_interviewing")).count() == 1
    assert CoursePage.objects.filter(**field.lookup("interviewing")).count() == 0


def test_it_refuses_values_outside_the_vocabulary(catalog):
    course = make_course(catalog, lessons=0)
    course.topics = ["astrology"]

    with pytest.raises(ValidationError):
        course.full_clean()


def test_it_is_required_unless_blank_is_allowed(catalog):
    course = make_course(catalog, lessons=0)
    course.audiences = []

    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "audiences" in error.value.message_dict


def test_it_survives_a_revision_round_trip(catalog):
    course = make_course(catalog, topics=["anti_stigma", "naloxone"], lessons=0)

    restored = course.get_latest_revision().as_object()

    assert restored.topics == ["naloxone", "anti_stigma"]

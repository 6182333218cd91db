"""Observations are kept as recorded by the database too (practice migration 0004): a raw UPDATE
is refused on SQLite and on PostgreSQL alike (run this file on each), except setting a link to
NULL, which Django does when the observer's account or a removed step goes."""

import importlib

import pytest
from django.db import IntegrityError, connection, transaction

from practice.models import Observation, ObservationMark
from practice.permissions import ObserverStanding
from practice.services import MarkInput, record_observation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TRIGGERS = importlib.import_module("practice.migrations.0004_observations_refuse_updates")


@pytest.fixture
def observation(show_request, checklist, facilitator, organization) -> Observation:
    marks = [MarkInput(item=item, done=True, comment="") for item in checklist.items.all()]
    standing = ObserverStanding(Observation.Capacity.FACILITATOR, organization)
    with transaction.atomic():
        return record_observation(
            show_request, facilitator, standing, place="Riverside, room 2", marks=marks
        )


def raw(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql, value",
    [
        ("UPDATE practice_observation SET signed_off = %s WHERE id = %s", False),
        ("UPDATE practice_observation SET place = %s WHERE id = %s", "Somewhere else"),
        ("UPDATE practice_observation SET observer_name = %s WHERE id = %s", "Someone else"),
    ],
    ids=["signed_off", "place", "observer_name"],
)
def test_a_raw_update_of_an_observation_is_refused(observation, sql, value):
    with pytest.raises(IntegrityError):
        raw(sql, value, observation.pk)
    kept = Observation.objects.get(pk=observation.pk)
    assert (kept.signed_off, kept.place, kept.observer_name) == (
        True,
        "Riverside, room 2",
        "Lee Okafor",
    )


def test_a_raw_update_of_a_mark_is_refused(observation):
    mark = observation.marks.first()
    with pytest.raises(IntegrityError):
        raw(
            "UPDATE practice_observationmark SET result = %s WHERE id = %s",
            "needs_practice",
            mark.pk,
        )
    assert ObservationMark.objects.get(pk=mark.pk).result == "done"


def test_a_link_may_become_null_but_never_point_elsewhere(observation):
    someone_else = make_user("someone-else@example.org")
    with pytest.raises(IntegrityError):
        raw(
            "UPDATE practice_observation SET observer_id = %s WHERE id = %s",
            someone_else.pk,
            observation.pk,
        )
    raw("UPDATE practice_observation SET observer_id = NULL WHERE id = %s", observation.pk)
    assert Observation.objects.get(pk=observation.pk).observer_id is None


def test_removing_a_step_keeps_the_mark_and_its_words(observation, checklist):
    step = checklist.items.first()
    wording = step.step
    step.delete()
    mark = observation.marks.get(position=0)
    assert mark.item_id is None and mark.step == wording


def test_the_trigger_names_every_column_of_both_models():
    for model in (Observation, ObservationMark):
        table = model._meta.db_table
        columns = {field.column for field in model._meta.concrete_fields}
        guarded = set(TRIGGERS.KEPT[table]) | set(TRIGGERS.MAY_BECOME_NULL[table])
        assert guarded == columns, f"update the trigger of {table} with the new columns"
        nullable = {f.column for f in model._meta.concrete_fields if f.is_relation and f.null}
        assert set(TRIGGERS.MAY_BECOME_NULL[table]) == nullable

"""Observations and their marks are kept as recorded, by the database as well as the model.

A trigger on each table refuses any UPDATE, on SQLite and on PostgreSQL alike, except the one
Django itself makes when a row it points at is deleted with ``on_delete=SET_NULL`` (an
observer's account, their organization, the session, a step a trainer removed): that link may
become NULL, nothing else may change. Deleting stays allowed (an account's deletion takes the
learner's observations with it).

Every column is named below. A column added to either model later must be added here too
(tests/practice/test_observations_in_the_database.py compares the lists with the models).
"""

from django.db import migrations

MESSAGE = "Observations are kept as recorded: record a new one instead of changing one."
KEPT = {
    "practice_observation": [
        "id",
        "code",
        "checklist_id",
        "learner_id",
        "enrollment_id",
        "observer_name",
        "capacity",
        "place",
        "observed_at",
        "checklist_title",
        "signed_off",
    ],
    "practice_observationmark": [
        "id",
        "observation_id",
        "step",
        "critical",
        "result",
        "comment",
        "position",
    ],
}
MAY_BECOME_NULL = {
    "practice_observation": ["observer_id", "organization_id", "session_id"],
    "practice_observationmark": ["item_id"],
}


def _changed(table: str, differs: str) -> str:
    """The SQL condition "this UPDATE changes a kept column, or sets a link to anything but
    NULL", with `differs` the backend's null-safe "is different from"."""
    kept = [f"NEW.{column} {differs} OLD.{column}" for column in KEPT[table]]
    links = [
        f"(NEW.{column} {differs} OLD.{column} AND NEW.{column} IS NOT NULL)"
        for column in MAY_BECOME_NULL[table]
    ]
    return " OR ".join(kept + links)


def _trigger(table: str) -> str:
    return f"{table}_kept_as_recorded"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in KEPT:
        name = _trigger(table)
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW "
                f"WHEN {_changed(table, 'IS NOT')} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF {_changed(table, 'IS DISTINCT FROM')} THEN "
                f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
                "END IF; RETURN NEW; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in KEPT:
        name = _trigger(table)
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("practice", "0003_observed_at_a_session")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

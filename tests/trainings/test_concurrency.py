"""100 people press Register at once for 40 places: exactly 40 get one, 60 wait (PostgreSQL)."""

import time

from django.core import mail
from django.db import OperationalError, connection

from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_user
from trainings import services
from trainings.models import Registration

from .conftest import make_session

pytestmark = on_postgresql_only("Row locks need a database that has them")


def connected_when_the_server_has_room(attempts: int = 100) -> None:
    """Open this thread's connection, waiting while the server is at ``max_connections``
    (100 by default, shared with whatever else runs): the requests still race for places."""
    for _ in range(attempts):
        try:
            connection.ensure_connection()
            return
        except OperationalError as error:
            if "too many clients" not in str(error):
                raise
            time.sleep(0.05)
    connection.ensure_connection()


def test_simultaneous_registrations_never_exceed_the_capacity(organization):
    session = make_session(organization, capacity=40)
    people = iter([make_user(f"person{n}@example.org", group=None) for n in range(100)])
    mail.outbox.clear()

    def register_one():
        person = next(people)
        connected_when_the_server_has_room()
        registration, created = services.register(person, session)
        return registration.status, created

    results, errors = run_at_once(register_one, 100)

    assert errors == []
    assert sorted(status for status, _ in results).count("registered") == 40
    assert session.registrations.registered().count() == 40
    assert session.registrations.waitlisted().count() == 60
    assert Registration.objects.count() == 100
    assert len(mail.outbox) == 100


def test_simultaneous_cancellations_promote_each_waiting_person_once(organization):
    session = make_session(organization, capacity=10)
    people = [make_user(f"person{n}@example.org", group=None) for n in range(30)]
    for person in people:
        services.register(person, session)
    leaving = iter(people[:10])

    def cancel_one():
        person = next(leaving)
        connected_when_the_server_has_room()
        return services.cancel(person, session)

    _results, errors = run_at_once(cancel_one, 10)

    assert errors == []
    assert session.registrations.registered().count() == 10
    promoted = session.registrations.registered().values_list("person__email", flat=True)
    assert sorted(promoted) == sorted(p.email for p in people[10:20])  # first come, first served
    assert session.registrations.waitlisted().count() == 10

"""100 people press Register at once for 40 places: exactly 40 get one, 60 wait (PostgreSQL)."""

from django.core import mail

from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_user
from trainings import services
from trainings.models import Registration

from .conftest import make_session

pytestmark = on_postgresql_only("Row locks need a database that has them")


def test_simultaneous_registrations_never_exceed_the_capacity(organization):
    session = make_session(organization, capacity=40)
    people = iter([make_user(f"person{n}@example.org", group=None) for n in range(100)])
    mail.outbox.clear()

    def register_one():
        registration, created = services.register(next(people), session)
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

    _results, errors = run_at_once(lambda: services.cancel(next(leaving), session), 10)

    assert errors == []
    assert session.registrations.registered().count() == 10
    promoted = session.registrations.registered().values_list("person__email", flat=True)
    assert sorted(promoted) == sorted(p.email for p in people[10:20])  # first come, first served
    assert session.registrations.waitlisted().count() == 10

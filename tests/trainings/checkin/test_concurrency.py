"""60 people check in at once, and people pressing Check in several times at once: each is
recorded exactly once (PostgreSQL, with threads)."""

from collections import Counter

from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_user
from tests.trainings.test_concurrency import connected_when_the_server_has_room
from trainings import checkin
from trainings.models import Attendance

from .conftest import happening_session

pytestmark = on_postgresql_only("Row locks and a unique index under real concurrency")


def test_sixty_simultaneous_check_ins_are_each_recorded_once(organization):
    session = happening_session(organization, capacity=60)
    people = iter([make_user(f"person{n}@example.org", group=None) for n in range(60)])

    def check_in_one():
        person = next(people)
        connected_when_the_server_has_room()
        outcome = checkin.check_in(session, person, Attendance.Method.DOOR_QR)
        return outcome.attendance.person_id, outcome.created

    results, errors = run_at_once(check_in_one, 60)

    assert errors == []
    assert all(created for _person, created in results)
    assert len({person for person, _created in results}) == 60
    assert Attendance.objects.filter(session=session).count() == 60


def test_pressing_check_in_three_times_at_once_records_one_check_in(organization):
    session = happening_session(organization, capacity=60)
    people = [make_user(f"person{n}@example.org", group=None) for n in range(20)]
    presses = iter(people * 3)

    def press():
        person = next(presses)
        connected_when_the_server_has_room()
        outcome = checkin.check_in(session, person, Attendance.Method.SESSION_CODE)
        return outcome.attendance.pk, person.pk, outcome.created

    results, errors = run_at_once(press, 60)

    assert errors == []
    assert sum(created for _pk, _person, created in results) == 20
    per_person = Counter(person for _pk, person, _created in results)
    assert set(per_person.values()) == {3}
    # Every press answered with that person's one record.
    assert len({(pk, person) for pk, person, _created in results}) == 20
    assert Attendance.objects.filter(session=session).count() == 20

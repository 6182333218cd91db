"""The facilitator's roster of a 200-person session and a check-in POST, in process. JSON.

    .venv/bin/python bench/roster.py [--registered 200] [--rounds 50]
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/roster.py

A throw-away place as ``bench/run.py`` makes it (``lms.settings.bench``; a temporary SQLite
file, or a new ``<name>_bench`` PostgreSQL database beside DATABASE_URL's, dropped at the end).
One session starting in ten minutes holds ``--registered`` registered people, 10% more on the
waitlist, 40% of the registered already checked in and 10 walk-ins. The facilitator signs in
through allauth's password form and authenticator step (``bench.second_factor``), as a
person does; participants are learners (no second factor).

Measured with Django's test client, ``--rounds`` times each, after one warm-up request:

- ``roster``: the facilitator's roster page (every row, the door QR code drawn by segno);
- ``check_in_by_facilitator``: the roster's Check in button (POST), a different registered
  person each round;
- ``check_in_by_door_qr``: a participant's Check me in (POST) on a fresh door link, a
  different participant each round;
- ``session_page``: the baseline, the same session's public page for a signed-in learner.

Each: wall ms (p50, p95), CPU ms (median), queries, response bytes, and the wall p50 as a ratio
to the baseline's. Not asserted anywhere; the figures are in bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and would shadow the apps.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.run import run_in_throwaway_place  # noqa: E402

WALK_INS = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registered", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--output", help="Also write the JSON to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    return parser.parse_args(argv)


def people(prefix: str, count: int):
    """`count` learners without passwords (bulk: hashing one password each would dominate)."""
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User

    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@bench.example", display_name=f"{prefix.title()} {n}")
            for n in range(count)
        ]
    )
    Group.objects.get(name=roles.LEARNERS).user_set.add(*users)
    return users


def full_session(registered: int):
    """A session starting in ten minutes, its roster as described in the module's docstring."""
    from django.utils import timezone

    from accounts.models import Membership, Organization
    from trainings import checkin
    from trainings.models import Attendance, Registration, TrainingSession

    organization = Organization.objects.create(
        name="Bench harm reduction center", slug="bench-center", kind="community_organization"
    )
    start = timezone.now() + datetime.timedelta(minutes=10)
    session = TrainingSession.objects.create(
        title="Naloxone at the drop-in center",
        start=start,
        end=start + datetime.timedelta(hours=2),
        address="55 Hope Street",
        capacity=registered,
        contact_hours="2.00",
        organization=organization,
        registration_opens=start - datetime.timedelta(days=7),
    )
    with_places = people("registered", registered)
    waiting = people("waiting", registered // 10)
    Registration.objects.bulk_create(
        [Registration(session=session, person=p, status="registered") for p in with_places]
        + [Registration(session=session, person=p, status="waitlisted") for p in waiting]
    )
    already_in = with_places[: registered * 4 // 10]
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p, method="door_qr") for p in already_in]
    )
    for n in range(WALK_INS):
        checkin.add_walk_in(session, name=f"Walk-in {n}")
    (facilitator,) = people("facilitator", 1)
    Membership.objects.create(user=facilitator, organization=organization, role="facilitator")
    session.facilitators.add(facilitator)
    not_yet_in = with_places[len(already_in) :]
    return session, facilitator, not_yet_in


def measure(send, rounds: int, expected: tuple[int, ...]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send(0)  # warm per-process caches (templates, the URL resolver)
    wall, cpu, queries, size = [], [], [], []
    for n in range(1, rounds + 1):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = send(n)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code in expected, response.status_code
        queries.append(len(captured.captured_queries))
        size.append(len(response.content))
    wall.sort()
    return {
        "wall_ms_p50": round(statistics.median(wall), 2),
        "wall_ms_p95": round(wall[min(len(wall) - 1, math.ceil(len(wall) * 0.95) - 1)], 2),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "queries": statistics.median(queries),
        "bytes": int(statistics.median(size)),
    }


def run(args, folder, database):
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.second_factor import signed_in_sessions
    from trainings import door
    from trainings.models import Attendance

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    session, facilitator, not_yet_in = full_session(args.registered)
    needed = 2 * (args.rounds + 1)
    if len(not_yet_in) < needed:
        raise SystemExit(f"--registered {args.registered} leaves too few people for the rounds")
    by_facilitator, by_door = not_yet_in[: args.rounds + 1], not_yet_in[args.rounds + 1 : needed]

    facilitator_browser = Client(HTTP_HOST="127.0.0.1")
    facilitator_browser.cookies[settings.SESSION_COOKIE_NAME] = signed_in_sessions(facilitator)[0]
    roster_path = reverse("trainings:roster", args=[session.code])
    first = facilitator_browser.get(roster_path)
    assert first.status_code == 200 and b"<svg" in first.content, first.status_code
    registration_codes = dict(
        session.registrations.filter(person__in=by_facilitator).values_list("person_id", "code")
    )
    check_in_path = reverse("trainings:roster_check_in", args=[session.code])

    participants = []
    for person in by_door:
        browser = Client(HTTP_HOST="127.0.0.1")
        browser.force_login(person)
        # Each test client builds its own middleware on its first request (whitenoise then
        # reads every static file: ~200 ms); a real phone meets a server that did so long ago.
        browser.get(reverse("trainings:detail", args=[session.code]))
        participants.append(browser)
    learner = Client(HTTP_HOST="127.0.0.1")
    learner.force_login(by_door[0])

    figures = {
        "session_page": measure(
            lambda n: learner.get(reverse("trainings:detail", args=[session.code])),
            args.rounds,
            (200,),
        ),
        "roster": measure(lambda n: facilitator_browser.get(roster_path), args.rounds, (200,)),
        "check_in_by_facilitator": measure(
            lambda n: facilitator_browser.post(
                check_in_path, {"registration": registration_codes[by_facilitator[n].pk]}
            ),
            args.rounds,
            (302,),
        ),
        "check_in_by_door_qr": measure(
            lambda n: participants[n].post(
                reverse("trainings:door_check_in", args=[session.code, door.new_stamp(session)])
            ),
            args.rounds,
            (302,),
        ),
    }
    baseline = figures["session_page"]["wall_ms_p50"]
    for item in figures.values():
        item["wall_p50_to_session_page"] = round(item["wall_ms_p50"] / baseline, 2)
    roster_rows = first.content.decode().count('class="roster-row"')
    return {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "rounds": args.rounds,
        "roster_rows": roster_rows,
        "checked_in_at_the_end": Attendance.objects.filter(session=session).count(),
        "figures": figures,
    }


def main():
    run_in_throwaway_place(parse_args(), "open-door-roster-", run)


if __name__ == "__main__":
    main()

"""Run by tests/lms/test_sqlite_concurrency.py in its own process, on a SQLite file.

Migrates the file named by DATABASE_URL, signs in `count` learners, then has them all post the
same join code at the same moment (one thread and one database connection each, as threaded
web workers would). Prints one JSON line: each answer's status code.
"""

import json
import sys
import threading

import django


def main(count: int) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import Organization, User

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    organization = Organization.objects.create(name="Riverside", slug="riverside")
    clients = []
    for number in range(count):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.create_user(email=f"joiner{number}@example.org"))
        clients.append(client)
    connections.close_all()

    barrier = threading.Barrier(count)
    statuses = []

    def join(client):
        try:
            barrier.wait()
            response = client.post(
                "/join/", {"code": organization.join_code, "share_records": "on"}
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    members = organization.memberships.count()
    print(json.dumps({"statuses": statuses, "members": members}))


if __name__ == "__main__":
    main(int(sys.argv[1]))

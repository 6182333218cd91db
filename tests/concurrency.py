"""Run a function from several threads at once, for the PostgreSQL race tests."""

import threading

from django.db import connections


def run_at_once(function, count: int):
    """Call `function` from `count` threads released together; return results and errors.

    Each thread gets its own database connection and closes it when done.
    """
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # any failure is reported to the calling test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def on_postgresql_only(why: str) -> list:
    """The marks for a test module whose tests need PostgreSQL: transactional (threads and
    other processes see committed rows), with the migrations' rows restored after each flush
    (roles, the home page, the site), and skipped elsewhere by a marker, not inside a fixture
    (a transactional test skipped half-way through its set-up empties the database)."""
    import pytest
    from django.db import connection

    return [
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason=f"{why}; CI runs it with DATABASE_URL=postgres://...",
        ),
    ]

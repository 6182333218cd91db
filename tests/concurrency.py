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

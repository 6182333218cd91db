"""What one request cost inside the server, in two response headers (``lms.settings.bench`` only).

``X-Bench-CPU-ms``: CPU time of the thread that served the request (``time.thread_time``; each
gunicorn worker serves one request at a time on one thread), so waiting on the database or on
another worker is not counted. ``X-Bench-Queries``: SQL statements the request sent, counted
with Django's documented ``connection.execute_wrapper`` (works with DEBUG off).

It is the outermost middleware, so the figures cover every other middleware too. A streamed
response (certificate PDF) is measured up to the moment its first byte is ready.
"""

import time

from django.db import connection

CPU_HEADER = "X-Bench-CPU-ms"
QUERIES_HEADER = "X-Bench-Queries"


class RequestCostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.thread_time()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[CPU_HEADER] = f"{(time.thread_time() - started) * 1000:.2f}"
        response[QUERIES_HEADER] = str(queries)
        return response

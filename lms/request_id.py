"""A short id for each request, in every log line written while it runs and on its error page.

A person who sees "Something went wrong" can quote the id, and the operator finds the matching
traceback in the log (``LOGGING`` in lms.settings.base writes to stderr). A proxy's own
``X-Request-ID`` is kept when it looks like one, so the proxy's log and ours line up.
"""

import logging
import re
import secrets
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
NO_REQUEST = "-"
ACCEPTED_FROM_PROXY = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)


def new_request_id() -> str:
    return secrets.token_hex(6)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so everything after it, the error handler too, logs under the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = offered if ACCEPTED_FROM_PROXY.fullmatch(offered) else new_request_id()
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every log record a ``request_id`` ("-" outside a request, as in the task worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True

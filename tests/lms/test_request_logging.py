"""A server error is written to stderr with its traceback and the request's id (LOGGING).

The same id is on the error page, so a person can quote it and the operator can find the line.
"""

import io
import logging
import re

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from lms.request_id import RequestIdFilter


def broken_view(request):
    logging.getLogger("certificates.services").warning("about to fail for a test")
    raise ValueError("a bug for the log")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("broken/", broken_view), path("db-gone/", database_gone)]
handler500 = "lms.views.server_error"


@pytest.fixture
def stderr_log():
    """What the configured stderr handler writes, read back (its stream swapped, then restored)."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, RequestIdFilter) for each in handler.filters)
    ]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def quoted_request_id(page: str) -> str:
    match = re.search(r"<code>([0-9a-f]{12})</code>", page)
    assert match, page
    return match.group(1)


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_logs_its_traceback_under_the_id_shown_on_the_page(stderr_log):
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    request_id = quoted_request_id(page)
    assert response["X-Request-ID"] == request_id
    log = stderr_log.getvalue()
    assert f"WARNING certificates.services request={request_id} about to fail for a test" in log
    assert f"ERROR django.request request={request_id} Internal Server Error: /broken/" in log
    assert "Traceback (most recent call last):" in log
    assert "ValueError: a bug for the log" in log
    assert "a bug for the log" not in page


@override_settings(ROOT_URLCONF=__name__)
def test_a_lost_database_is_logged_too_and_its_page_gives_the_id(stderr_log):
    response = Client(raise_request_exception=False).get("/db-gone/")

    assert response.status_code == 503
    request_id = quoted_request_id(response.content.decode())
    log = stderr_log.getvalue()
    assert f"ERROR django.request request={request_id} Service Unavailable: /db-gone/" in log
    assert "OperationalError: server closed the connection unexpectedly" in log


@override_settings(ROOT_URLCONF=__name__)
def test_each_request_gets_its_own_id_and_a_proxys_id_is_kept(stderr_log):
    client = Client(raise_request_exception=False)
    first = client.get("/broken/")["X-Request-ID"]
    second = client.get("/broken/")["X-Request-ID"]
    from_proxy = client.get("/broken/", HTTP_X_REQUEST_ID="proxy-4f2a9c")["X-Request-ID"]
    forged = client.get("/broken/", HTTP_X_REQUEST_ID="bad id\nERROR fake line")["X-Request-ID"]

    assert first != second
    assert from_proxy == "proxy-4f2a9c"
    assert "fake" not in forged
    assert "request=proxy-4f2a9c Internal Server Error" in stderr_log.getvalue()

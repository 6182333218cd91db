import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def plain_bug(request):
    raise ValueError("a bug")


urlpatterns = [
    path("db-gone/", database_gone),
    path("bug/", plain_bug),
]
handler500 = "lms.views.server_error"


@pytest.fixture
def raising_client():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
def test_a_lost_database_connection_is_a_503_with_a_plain_page(raising_client):
    response = raising_client.get("/db-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Open Door is busy for a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_stay_500_without_a_traceback(raising_client):
    response = raising_client.get("/bug/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "ValueError" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()

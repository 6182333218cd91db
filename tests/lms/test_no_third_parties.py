"""No page loads anything from another origin: no third-party scripts, fonts, styles or trackers."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.conftest import in_spanish

pytestmark = pytest.mark.django_db

LOADING_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "link": "href",
    "embed": "src",
    "object": "data",
}


class ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.resources = []

    def handle_starttag(self, tag, attrs):
        attribute = LOADING_ATTRIBUTES.get(tag)
        values = dict(attrs)
        if attribute and values.get(attribute):
            self.resources.append(values[attribute])


def external_resources(html: str) -> list[str]:
    collector = ResourceCollector()
    collector.feed(html)
    return [url for url in collector.resources if url.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize(
    "path",
    ["/", "/courses/", "/accounts/signup/", "/accounts/login/", "/verify/", "/privacy/"],
)
def test_public_pages_load_nothing_from_other_origins(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert external_resources(response.content.decode()) == []


def test_learner_pages_load_nothing_from_other_origins(client, learner):
    client.force_login(learner)

    for path in [
        reverse("my_learning"),
        reverse("accounts:my_organizations"),
        reverse("privacy:your_data"),
        reverse("privacy:delete_account"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert external_resources(response.content.decode()) == []


def test_the_spanish_privacy_page_loads_nothing_from_other_origins(client, settings):
    assert (
        external_resources(client.get(in_spanish(reverse("privacy:page"))).content.decode()) == []
    )


def test_the_account_deleted_page_loads_nothing_from_other_origins(client):
    response = client.get(reverse("privacy:account_deleted"))

    assert response.status_code == 200
    assert external_resources(response.content.decode()) == []


def test_the_collector_does_see_an_external_script():
    assert external_resources('<script src="https://tracker.example/t.js"></script>') == [
        "https://tracker.example/t.js"
    ]

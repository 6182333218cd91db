"""Who may open the hours pages: signed-in people, each for their own records only. Choosing
tracks is POST only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (reverse("transcripts:my_hours"), reverse("transcripts:choose_tracks")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("transcripts:choose_tracks"), {})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_choosing_tracks_is_post_only(client, learner):
    client.force_login(learner)

    assert client.get(reverse("transcripts:my_hours")).status_code == 200
    assert client.get(reverse("transcripts:choose_tracks")).status_code == 405


def test_my_learning_links_to_the_hours_page(client, learner):
    client.force_login(learner)

    assert reverse("transcripts:my_hours") in client.get(reverse("my_learning")).content.decode()

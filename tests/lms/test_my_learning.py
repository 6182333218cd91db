import pytest
from django.urls import reverse

from tests.certificates.conftest import LEARNER_NAME, complete, issue, make_course

pytestmark = pytest.mark.django_db


def test_my_learning_shows_the_learners_certificates(client, learner):
    learner.certificate_name = LEARNER_NAME
    learner.save()
    certificate = issue(learner, make_course("Naloxone basics"))
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "Naloxone basics" in page
    assert certificate.display_code in page
    assert reverse("certificates:mine") in page


def test_my_learning_asks_for_the_certificate_name_when_it_is_missing(client, learner):
    complete(learner, make_course("Naloxone basics"))
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "One certificate is waiting for you." in page
    assert "please tell us the name to print on your certificates" in page


def test_my_learning_says_where_certificates_will_appear(client, learner):
    client.force_login(learner)

    page = client.get(reverse("my_learning")).content.decode()

    assert "When you finish a course, its certificate will appear here." in page


def test_signing_in_lands_on_my_learning(client, learner):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})

    assert response["Location"] == reverse("my_learning")

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Membership, Organization, User

pytestmark = pytest.mark.django_db


def load(capsys):
    call_command("load_demo_data")
    return capsys.readouterr().out


@override_settings(DEBUG=True)
def test_demo_data_makes_a_coalition_two_organizations_and_each_role(capsys, client):
    out = load(capsys)

    coalition = Organization.objects.get(kind=Organization.Kind.COALITION)
    assert coalition.member_organizations.count() == 2
    for email in ["learner@", "manager@", "trainer@", "reviewer@", "admin@"]:
        assert email in out
    manager_line = next(line for line in out.splitlines() if "manager@example.org" in line)
    password = manager_line.split()[-1]
    assert client.login(email="manager@example.org", password=password)
    assert Membership.objects.get(user__email="manager@example.org").is_manager


@override_settings(DEBUG=True)
def test_running_it_twice_creates_nothing_new(capsys):
    load(capsys)
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())

    out = load(capsys)

    assert (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert "0 created, 3 already there" in out


def test_it_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data")
    assert not Organization.objects.exists()

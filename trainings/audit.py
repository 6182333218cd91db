"""Audit actions of the trainings pages: what facilitators and managers take out of the site."""

from django.utils.translation import gettext_lazy as _

ROSTER_CSV = "trainings.roster_csv"

ACTIONS = [
    (
        ROSTER_CSV,
        _("Download a session roster"),
        _("Downloaded the roster CSV of session %(session)s"),
    ),
]

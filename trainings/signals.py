"""Hooks apps above ``trainings`` register; trainings never imports them, it asks here."""

# The Wagtail hook a higher app registers to add buttons beside people on a session's roster
# (observing a skill): ``fn(request, session, attendances) -> {attendance code: HTML}``, for
# the current attendances of people with an account (``person`` loaded), in a fixed number of
# queries however many there are. The roster shows it only to people who may run the session.
ROSTER_ACTIONS_HOOK = "trainings_roster_actions"

"""The floor of ``bench/journey.py``: a plain Wagtail page type, installed by ``lms.settings.bench`` only."""

"""The session engine: Django's cached database sessions, refusing malformed session keys.

Django makes every session key from lowercase letters and digits. A cookie holding anything
else (a NUL byte, a control character, a key too long for the table) was not made here; it is
treated as no session at all, before it reaches the cache or the database. PostgreSQL would
refuse a NUL in the lookup and turn every page into a server error.

Settings: ``SESSION_ENGINE = "accounts.sessions"``.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBSessionStore

SESSION_KEY_MAX_LENGTH = 40  # django.contrib.sessions.models.Session.session_key


def is_well_formed(session_key) -> bool:
    return (
        isinstance(session_key, str)
        and 0 < len(session_key) <= SESSION_KEY_MAX_LENGTH
        and all(character in VALID_KEY_CHARS for character in session_key)
    )


class SessionStore(CachedDBSessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key if is_well_formed(session_key) else None)

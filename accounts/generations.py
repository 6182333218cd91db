"""Generations: a random token per kind of content, renewed whenever that content changes.

Whatever is kept between requests (``courses.page_cache``'s page outlines, the whole pages
``courses.response_cache`` serves again, the accounts ``accounts.backends`` keeps) is stored
under the tokens it depends on and used only while they are unchanged, so a change shows on the
next request and nothing is kept by time. The tokens live in the default cache, which the
gunicorn workers share in production (on disk), so a change made through one worker is seen by
all of them.

A token changes at once (so a change is seen inside its own transaction, as in tests) and again
when the transaction commits (so a request that read the old rows while the change was in
flight cannot keep them under the new token).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

# A token that expires is replaced by a new one, which only means drawing pages afresh; expiry
# keeps one token per person who ever signed in from piling up in the cache.
TOKEN_SECONDS = 30 * 24 * 60 * 60


def _key(name: str) -> str:
    return f"open-door:{name}:generation"


def generations(names) -> dict[str, str]:
    """The current tokens of these kinds of content, read from the cache at once."""
    keys = {_key(name): name for name in names}
    found = cache.get_many(list(keys))
    tokens = {}
    for cache_key, name in keys.items():
        token = found.get(cache_key)
        if token is None:
            token = uuid.uuid4().hex
            # add() so two workers starting at once agree on one token.
            if not cache.add(cache_key, token, TOKEN_SECONDS):
                token = cache.get(cache_key) or token
        tokens[name] = token
    return tokens


def generation(name: str) -> str:
    return generations((name,))[name]


def new_generation(name: str) -> None:
    cache.set(_key(name), uuid.uuid4().hex, TOKEN_SECONDS)


def content_changed(name: str) -> None:
    """Start a new generation of `name` now, and again when the transaction commits."""
    new_generation(name)
    transaction.on_commit(lambda: new_generation(name))


def person_generation(user_id) -> str:
    """The generation of everything about one person: their account and their records."""
    return f"person-{user_id}"


def person_changed(user_id) -> None:
    if user_id is not None:
        content_changed(person_generation(user_id))


class ProcessMemory:
    """A small least-recently-used map in this process's memory (one per gunicorn worker), for
    what is kept under generations: at most the setting `limit_setting` entries (else
    `default_limit`), the least recently read dropped first."""

    def __init__(self, limit_setting: str, default_limit: int):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._limit_setting, self._default_limit = limit_setting, default_limit

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        limit = getattr(settings, self._limit_setting, self._default_limit)
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)

    def discard(self, key) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self, **kwargs) -> None:
        with self._lock:
            self._entries.clear()


# Whose records changed ---------------------------------------------------------------------

# Apps whose rows are a person's records; each adds itself when it starts. Rows saved or deleted
# through the ORM renew their person's generation here; services that change them with update()
# or bulk_create() (which send no signals) call person_changed themselves.
_person_record_apps: set[str] = set()


def person_of(instance) -> int | None:
    """The person a row belongs to: a user, or a row with a user, learner or enrolment."""
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        return instance.pk
    for field in ("user_id", "learner_id"):
        if hasattr(instance, field):
            return getattr(instance, field)
    try:
        if hasattr(instance, "enrollment_id"):
            return person_of(instance.enrollment)
        if hasattr(instance, "attempt_id"):
            return person_of(instance.attempt)
    except ObjectDoesNotExist:
        pass  # deleted with its enrolment, whose own deletion named the person
    return None


def _record_changed(sender, instance=None, **kwargs) -> None:
    if sender._meta.app_label in _person_record_apps:
        person_changed(person_of(instance))


def _groups_changed(sender, instance=None, pk_set=None, reverse=False, action="", **kwargs):
    if not reverse:  # user.groups.add/remove/clear: that user
        if action.startswith("post_"):
            person_changed(instance.pk)
    elif action == "pre_clear":  # group.user_set.clear(): everyone in it, read before it goes
        for user_id in instance.user_set.values_list("pk", flat=True):
            person_changed(user_id)
    elif action in ("post_add", "post_remove"):
        for user_id in pk_set or ():
            person_changed(user_id)


def connect_person_records(app_label: str) -> None:
    """Renew a person's generation whenever a row of `app_label` that is theirs changes."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    _person_record_apps.add(app_label)
    for signal in (post_save, post_delete):
        signal.connect(_record_changed, dispatch_uid=f"open-door-person-records-{id(signal)}")
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="open-door-person-groups",
    )

"""Authentication backends that keep each signed-in account in the worker's memory.

Django reads the signed-in account on every request (one query) before it checks the session
against the account's password hash. These backends keep the account read, as pickled bytes per
worker, under the person's generation (``accounts.generations``), which any save or deletion of
the account, a change of its groups or anything else of the person's renews (``person_changed``
on every worker's next request, through the shared cache). A password change, a deactivation or
a new e-mail address is therefore seen on the next request, as before; each request gets its
own copy, so nothing one request does to ``request.user`` reaches another. As a backstop for a
change made around the ORM (raw SQL, a bulk update some library makes), an account is read
again at least every ``KEPT_ACCOUNT_SECONDS`` (60 by default).
"""

from __future__ import annotations

import pickle
import time

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .generations import ProcessMemory, generation, person_generation

_kept = ProcessMemory("KEPT_ACCOUNTS", 5000)  # (token, read at, pickled user) per id


class KeptAccountMixin:
    def get_user(self, user_id):
        if not getattr(settings, "KEEP_SIGNED_IN_ACCOUNTS", True):
            return super().get_user(user_id)
        token = generation(person_generation(user_id))
        key = f"{type(self).__name__}:{user_id}"
        kept = _kept.get(key)
        now = time.monotonic()
        max_age = getattr(settings, "KEPT_ACCOUNT_SECONDS", 60)
        if kept is not None and kept[0] == token and now - kept[1] < max_age:
            return pickle.loads(kept[2])  # noqa: S301 - bytes this process pickled itself
        user = super().get_user(user_id)
        if user is not None:
            _kept.put(key, (token, now, pickle.dumps(user)))
        return user


class ModelBackend(KeptAccountMixin, DjangoModelBackend):
    """Django's backend (e-mail and password, used by the admin and tests' force_login)."""


class AuthenticationBackend(KeptAccountMixin, AllauthBackend):
    """allauth's backend (sign-in by e-mail, with its rate limits)."""

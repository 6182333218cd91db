"""The door QR code's link: signed and short-lived, so a photo of it sent home stops working.

The facilitator's phone shows a QR code of ``/trainings/<code>/here/<stamp>/``: the stamp is the
session's code signed together with the moment it was made (Django's ``TimestampSigner``, keyed
by ``SECRET_KEY``). The door screen makes a new one every minute; a stamp is accepted for
:data:`DOOR_LINK_SECONDS` after it was made, so a code photographed just before it changed still
works for the person standing at the door.

Someone who opened a good link but must sign in or create an account first gets a *door pass*
in their browser's session, good for :data:`DOOR_PASS_SECONDS`: the minutes spent signing up
are not held against them. Django keeps a session's data when its visitor signs in.
"""

from __future__ import annotations

import time
from enum import Enum

from django.core import signing
from django.urls import reverse

from basics.links import absolute_url

from .models import TrainingSession

DOOR_LINK_SECONDS = 120
DOOR_CODE_RENEWS_SECONDS = 60
DOOR_PASS_SECONDS = 30 * 60
DOOR_PASSES_SESSION_KEY = "trainings_door_passes"
_SALT = "trainings.door-link"
# Never in a session code (Crockford base32), a timestamp (base62) or a signature (URL-safe
# base64), and safe in a URL's path.
_SEPARATOR = "."


class Stamp(Enum):
    GOOD = "good"
    EXPIRED = "expired"
    WRONG = "wrong"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT, sep=_SEPARATOR)


def new_stamp(session: TrainingSession) -> str:
    signed = _signer().sign(session.code)
    return signed.removeprefix(session.code + _SEPARATOR)


def door_link(session: TrainingSession) -> str:
    """The address the door QR code holds now, on the site's address (basics.links)."""
    return absolute_url(reverse("trainings:door_check_in", args=[session.code, new_stamp(session)]))


def read_stamp(session: TrainingSession, stamp: str) -> Stamp:
    try:
        _signer().unsign(f"{session.code}{_SEPARATOR}{stamp[:200]}", max_age=DOOR_LINK_SECONDS)
    except signing.SignatureExpired:
        return Stamp.EXPIRED
    except signing.BadSignature:
        return Stamp.WRONG
    return Stamp.GOOD


def give_door_pass(request, session: TrainingSession) -> None:
    now = time.time()
    passes = {
        code: at
        for code, at in request.session.get(DOOR_PASSES_SESSION_KEY, {}).items()
        if now - at < DOOR_PASS_SECONDS
    }
    passes[session.code] = now
    request.session[DOOR_PASSES_SESSION_KEY] = passes


def has_door_pass(request, session: TrainingSession) -> bool:
    given_at = request.session.get(DOOR_PASSES_SESSION_KEY, {}).get(session.code)
    return given_at is not None and time.time() - given_at < DOOR_PASS_SECONDS


def use_door_pass(request, session: TrainingSession) -> None:
    passes = dict(request.session.get(DOOR_PASSES_SESSION_KEY, {}))
    if passes.pop(session.code, None) is not None:
        request.session[DOOR_PASSES_SESSION_KEY] = passes

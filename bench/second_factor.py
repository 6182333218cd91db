"""Sign a manager in for a benchmark the way a person does: password, then authenticator code.

Organization managers and coalition leads count as plain learners until their session has used
a second factor (accounts/mfa.py), so a session made on the server side only times a redirect.
:func:`signed_in_sessions` sets up an authenticator app through allauth's own pages (reading the
secret the set-up page shows), then signs in through allauth's form and its code step, and
returns the session key, usable as a cookie against gunicorn (the sessions live in the shared
database). Django must be set up; the test client talks to the same database in this process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

from django.test import Client
from django.urls import reverse

# Bench accounts only, in a throw-away database.
PASSWORD = "bench-only-passphrase-for-managers"  # noqa: S105
SECRET_SHOWN = re.compile(r"\b([A-Z2-7]{32})\b")
RECOVERY_CODES = re.compile(r"<textarea[^>]*>([^<]*)</textarea>")


def totp_code(secret: str, at: float | None = None) -> str:
    """What an authenticator app shows for `secret` (RFC 6238: 30-second steps, 6 digits)."""
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def set_up_authenticator(user) -> tuple[str, list[str]]:
    """Password sign-in, allauth's authenticator set-up page, the app's code: (secret, codes)."""
    from allauth.account.models import EmailAddress

    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    # Generated accounts never confirmed their address; sign-in asks for that first.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client = browser()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again before a security change
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    secret = SECRET_SHOWN.search(page.content.decode()).group(1)
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    codes = RECOVERY_CODES.search(done.content.decode())
    assert codes, "allauth shows the recovery codes once the authenticator is set up"
    return secret, codes.group(1).split()


def signed_in_sessions(*users) -> list[str]:
    """Sessions of `users` that have used a second factor, made through allauth's sign-in."""
    from django.conf import settings

    ready = [(user, *set_up_authenticator(user)) for user in users]
    # The set-up used this 30-second step's code and allauth takes a code once: wait for the next.
    time.sleep(30.5 - time.time() % 30)
    sessions = []
    for user, secret, recovery_codes in ready:
        client = browser()
        first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert first["Location"] == reverse("mfa_authenticate"), first
        second = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        if second.status_code != 302:  # a slow machine crossed into another step
            second = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
        assert second.status_code == 302, second.status_code
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return sessions


def staff_page_answers(session: str, path: str) -> None:
    """The staff page answers 200 with its table of members for this session (or raises)."""
    from django.conf import settings

    client = browser()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    response = client.get(path)
    body = response.content.decode()
    if response.status_code != 200 or "<table" not in body:
        raise RuntimeError(f"{path} answered {response.status_code} without the staff table")

"""The language a person reads the site and our emails in.

The address decides the language of a page: English pages have no prefix, Spanish ones start
with ``/es/`` (``i18n_patterns`` in lms.urls); the header links to the same page in the other
language. Once someone has an account, their language is stored on it (`User.language`), so
emails reach them in it, from background jobs too, and signing in takes them to it on any
device (``AccountAdapter.post_login``). It is stored only by requests that change something
anyway: the profile form, sign-up and sign-in (:func:`keep_choice_made_before_signing_in`);
reading a page never writes the account.
"""

from contextlib import AbstractContextManager
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def is_supported(code: str | None) -> bool:
    """Is `code` one of the site's languages (settings.LANGUAGES), exactly?"""
    return bool(code) and code in dict(settings.LANGUAGES)


def saved_language(user) -> str | None:
    """The language `user` chose, or None (anonymous, or never chosen)."""
    code = getattr(user, "language", "") if user is not None else ""
    return code if is_supported(code) else None


def remember_language(user, code: str) -> None:
    """Store `code` as `user`'s language (a no-op for anonymous users and unknown codes)."""
    if not getattr(user, "is_authenticated", False) or not is_supported(code):
        return
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])


def language_of_address(path: str) -> str | None:
    """The language an address asks for by its prefix (``/es/...``), or None (unprefixed)."""
    code = translation.get_language_from_path(path)
    return code if is_supported(code) else None


def address_in(url: str, code: str) -> str:
    """`url` (an address of this site, with its query) in language `code`: ``/es/privacy/``
    for ``/privacy/`` and back. An address that is not a page of ours comes back unchanged."""
    # translate_url reads `url` in the active language; read it in its own.
    with translation.override(language_of_address(urlsplit(url).path) or settings.LANGUAGE_CODE):
        return translate_url(url, code)


def keep_choice_made_before_signing_in(sender, request=None, user=None, **kwargs) -> None:
    """On sign-in, someone with no saved language keeps the one they chose before: the
    language of the address they signed in at, when it has one (``/es/accounts/login/``)."""
    if request is not None and user is not None and saved_language(user) is None:
        remember_language(user, language_of_address(request.path_info) or "")


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(
        keep_choice_made_before_signing_in,
        sender=get_user_model(),
        dispatch_uid="accounts.language.sign_in",
    )


def in_language_of(user, fallback: str | None = None) -> AbstractContextManager:
    """Render inside this to write to `user` in their language.

    Without a saved language: `fallback` if given, else the language already active (the one
    the person acting sees), else the site's default.
    """
    code = saved_language(user) or fallback or translation.get_language()
    return translation.override(code or settings.LANGUAGE_CODE)


def recipient_language(email: str, user=None) -> str | None:
    """The saved language of whoever receives `email`: `user`, or the account with that address."""
    if user is None and email:
        from .models import User

        user = User.objects.filter(email__iexact=email).only("language").first()
    return saved_language(user)

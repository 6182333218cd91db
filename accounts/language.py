"""The language a person reads the site and our emails in.

A visitor picks a language with the switcher in the header (a cookie, read by Django's
LocaleMiddleware). Once they have an account, the choice is stored on it (`User.language`), so
it follows them to every device and to the emails we send them later, from background jobs too.
It is stored only by requests that change something anyway: the switcher's POST, the profile
form, sign-up and sign-in (:func:`keep_choice_made_before_signing_in`); reading a page never
writes the account.
"""

from contextlib import AbstractContextManager

from django.conf import settings
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


def keep_choice_made_before_signing_in(sender, request=None, user=None, **kwargs) -> None:
    """On sign-in, someone with no saved language keeps the one the device shows (its cookie)."""
    if request is not None and user is not None and saved_language(user) is None:
        remember_language(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


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


class UserLanguageMiddleware:
    """Signed-in people see the site in the language saved on their account.

    Goes after LocaleMiddleware (which picks the cookie's or the browser's language) and
    AuthenticationMiddleware. Without a saved language, LocaleMiddleware's choice stands. The
    language cookie is brought in line with the account, so the device stays in their language
    after they sign out. Nothing here writes to the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        code = saved_language(user)
        if code is None:
            return self.get_response(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        if cookie != code and not response.cookies.get(settings.LANGUAGE_COOKIE_NAME):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

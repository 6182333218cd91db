"""Local development: DEBUG on, emails printed to the console."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
# A fixed key is acceptable only here: dev data never leaves the developer's machine.
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

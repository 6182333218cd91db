"""Local development: DEBUG on, emails printed to the console."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import SITE_URL

DEBUG = True
# A fixed key is acceptable only here: dev data never leaves the developer's machine.
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
# Plus the host `make run HOST=...` serves on (it passes SITE_URL), so its links open.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", urlsplit(SITE_URL).hostname or "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

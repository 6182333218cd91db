"""System checks for what courses.response_cache and accounts.backends rely on."""

from django.conf import settings
from django.core import checks

# Backends whose entries one process cannot see another write: a change made through one
# gunicorn worker (or the task worker) would not reach the pages another keeps.
UNSHARED_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_for_kept_pages(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if getattr(settings, "RESPONSE_CACHE", True) and backend in UNSHARED_CACHES:
        return [
            checks.Warning(
                "Kept pages need a cache every process shares.",
                hint=(
                    f"The default cache is {backend.rsplit('.', 1)[-1]}: a publish or a "
                    "learner's progress made through one worker would not reach pages another "
                    "worker keeps. Use a file, Redis or Memcached cache, or set RESPONSE_CACHE=0."
                ),
                id="courses.W001",
            )
        ]
    return []

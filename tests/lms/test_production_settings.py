import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "x7Hq2-production-like-secret-key-with-enough-length-and-variety-91!",
    "ALLOWED_HOSTS": "training.example.org",
    "SITE_URL": "https://training.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # only named: `check` opens no connection
}


def run_manage(*args, env_overrides):
    # The browser tests allow the ORM inside Playwright's event loop; production never does.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="lms.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}

    result = run_manage("check", env_overrides=env)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


@pytest.mark.parametrize(
    ("site_url", "check_id"),
    [
        (None, "lms.E001"),
        ("training.example.org", "lms.E002"),  # not absolute: links would lead nowhere
        ("ftp://training.example.org", "lms.E002"),
        ("https://training.example.org/courses", "lms.E002"),  # reverse() adds the path
        ("http://training.example.org", "lms.E003"),  # cookies are https-only in production
    ],
)
def test_production_refuses_to_start_without_an_https_site_url(site_url, check_id):
    env = {k: v for k, v in GOOD_ENV.items() if k != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url

    checked = run_manage("check", env_overrides=env)
    served = run_manage("shell", "-c", "import lms.wsgi", env_overrides=env)  # as gunicorn does

    assert checked.returncode != 0
    assert check_id in checked.stderr
    assert served.returncode != 0
    assert check_id in served.stderr


def test_the_production_server_starts_with_an_https_site_url():
    served = run_manage("shell", "-c", "import lms.wsgi; print('up')", env_overrides=GOOD_ENV)

    assert served.returncode == 0, served.stderr
    assert served.stdout.strip().splitlines()[-1] == "up"


def test_check_deploy_is_clean_with_the_variables_set():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=GOOD_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_the_language_cookie_over_https_only_samesite_lax_and_http_only():
    script = (
        "from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )

    result = run_manage("shell", "--no-imports", "-c", script, env_overrides=GOOD_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "Lax"]


def test_production_shares_one_redis_for_the_cache_and_sessions():
    script = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], "
        "s.CACHES['default']['KEY_PREFIX'] != s.CACHES['sessions']['KEY_PREFIX'], "
        "s.CACHES['sessions']['LOCATION'], s.SESSION_ENGINE)"
    )

    result = run_manage("shell", "-c", script, env_overrides=GOOD_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        GOOD_ENV["REDIS_URL"],
        "True",
        GOOD_ENV["REDIS_URL"],
        "accounts.sessions",
    ]

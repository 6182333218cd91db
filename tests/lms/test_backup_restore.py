"""Back up and restore, as docs/operations.md says, on a real PostgreSQL (CI runs it there).

A small site (people, an organization, a course, certificates with their PDFs on disk) is
dumped with pg_dump, its media folder archived with tar, both restored into a new database
and folder, and a separate Django process pointed at the copy: the certificates still verify
with the learner's name, and their PDFs are byte for byte the ones issued.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from accounts.models import Membership, Organization
from certificates import services
from tests.certificates.conftest import complete, make_course
from tests.conftest import make_member, make_user

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore need PostgreSQL: run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),  # pg_dump reads from its own session
]


def pg_tool(name: str) -> str:
    """The newest server's client tool (as .ci/run picks the server), else the one on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[4]))
    if found:
        return str(found[-1])
    tool = shutil.which(name)
    if tool is None:
        pytest.fail(f"{name} is not installed (the postgresql package provides it)")
    return tool


def database_url(name: str) -> str:
    config = connection.settings_dict
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(str(config['PASSWORD']), safe='')}" if config["PASSWORD"] else ""
    host = config["HOST"] or "localhost"
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def run(*command, **kwargs):
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


CHECK_RESTORED = textwrap.dedent(
    """
    import hashlib, json, os, sys
    sys.path.insert(0, os.environ["OPENDOOR_ROOT"])
    import django
    django.setup()
    from django.core.files.storage import storages
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    # The restore's last step, as `manage.py migrate --noinput` (one process: Django is slow
    # to start, and CI's time is short).
    import io
    from django.core.management import call_command
    migrate_output = io.StringIO()
    call_command("migrate", interactive=False, stdout=migrate_output)

    setup_test_environment()
    media = os.environ["MEDIA_ROOT"]
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage",
               "OPTIONS": {"location": media}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, "default": storage},
                           MEDIA_ROOT=media):
        from accounts.models import Membership, Organization, User
        from certificates.models import Certificate

        found = {}
        for code in sys.argv[1:]:
            certificate = Certificate.objects.get(code=code)
            page = Client().get(f"/verify/{certificate.display_code}/")
            with certificate.pdf.open("rb") as pdf:
                data = pdf.read()
            found[code] = {
                "status": page.status_code,
                "page": page.content.decode(),
                "sha256": hashlib.sha256(data).hexdigest(),
                "stored_sha256": certificate.pdf_sha256,
            }
        print(json.dumps({
            "migrate": migrate_output.getvalue(),
            "certificates": found,
            "users": User.objects.count(),
            "organizations": list(Organization.objects.values_list("slug", flat=True)),
            "memberships": Membership.objects.count(),
        }))
    """
)


@pytest.fixture
def media(settings, tmp_path):
    """Certificate PDFs on disk, as in production (the suite otherwise keeps them in memory)."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = str(folder)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    run(pg_tool("createdb"), "--maintenance-db", database_url("postgres"), name)
    try:
        yield name
    finally:
        run(
            pg_tool("dropdb"),
            "--if-exists",
            "--force",
            "--maintenance-db",
            database_url("postgres"),
            name,
        )


def test_a_backup_restores_into_a_new_database_with_verifiable_certificates(
    media, tmp_path, restored_database, organization
):
    course = make_course("Naloxone basics", certificate_validity_months=24)
    issued = {}
    for email, name in [
        ("sam@example.org", "Samantha Q. Rivera"),
        ("jose@example.org", "José Ñúñez-Ærøskøbing"),
    ]:
        learner = make_user(email, certificate_name=name)
        make_member(learner, organization)
        certificate = services.issue_certificate(complete(learner, course))
        pdf = (media / certificate.pdf.name).read_bytes()
        assert pdf.startswith(b"%PDF-")
        issued[certificate.code] = (certificate, hashlib.sha256(pdf).hexdigest())
    make_member(make_user("manager@example.org"), organization, Membership.Role.MANAGER)

    # Back up, as docs/operations.md says: the database, then the media folder.
    dump, archive = tmp_path / "opendoor.dump", tmp_path / "opendoor-media.tar.gz"
    source = database_url(connection.settings_dict["NAME"])
    run(pg_tool("pg_dump"), "--format=custom", f"--file={dump}", source)
    run("tar", "-czf", archive, "-C", media, ".")

    # Restore into the empty database and a new media folder, then migrate.
    target, restored_media = database_url(restored_database), tmp_path / "restored-media"
    restored_media.mkdir()
    run(pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={target}", dump)
    run("tar", "-xzf", archive, "-C", restored_media)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": target,
        "MEDIA_ROOT": str(restored_media),
        "OPENDOOR_ROOT": str(ROOT),
    }

    # A separate Django process, pointed at the copy, migrates it and answers for the
    # certificates.
    script = tmp_path / "check_restored.py"
    script.write_text(CHECK_RESTORED)
    checked = run(sys.executable, script, *issued, cwd=ROOT, env=env)
    restored = json.loads(checked.stdout.strip().splitlines()[-1])

    assert "No migrations to apply" in restored["migrate"]
    assert restored["organizations"] == [Organization.objects.get().slug]
    assert restored["users"] == 3 and restored["memberships"] == 3
    for code, (certificate, sha256) in issued.items():
        found = restored["certificates"][code]
        assert found["status"] == 200
        assert "This certificate is valid." in found["page"]
        assert certificate.learner_name in found["page"]
        assert found["sha256"] == sha256 == found["stored_sha256"]

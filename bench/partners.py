"""Partner pages benchmark: staff page, training-records CSV and certificates ZIP. Prints JSON.

    .venv/bin/python bench/partners.py [--learners 10000] [--orgs 40] [--zip 1000] [--pdf-kb 48]
    DATABASE_URL=postgres://… .venv/bin/python bench/partners.py

Runs against a throw-away test database (SQLite in a temporary file, or PostgreSQL when
DATABASE_URL says so; migrated first, destroyed after) with files in a temporary folder, so it
touches neither var/db.sqlite3 nor media. The data come from ``make_scale_data``; for the CSV,
one extra organization has every learner as a member (10,000 members x 4 courses). For the
ZIP, the chosen certificates get PDFs of --pdf-kb kilobytes (real certificates weigh ~40-60
KB). Not part of the test run.

Targets on a development machine: staff page of a 1,000-member organization <= 300 ms; CSV of
10,000 members x 4 courses <= 10 s with peak memory < 200 MB; ZIP of 1,000 stored
certificates <= 5 s.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and this file would shadow the app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

MB = 1024 * 1024


def timed(function, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def peak_memory(function) -> float:
    """Peak Python memory (MB) while `function` runs, measured with tracemalloc."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def drain(response) -> int:
    return sum(len(chunk) for chunk in response.streaming_content)


def everyone_organization():
    """An organization with every generated learner as a sharing member (the CSV's subject)."""
    from django.utils import timezone

    from accounts.models import Membership, Organization, User

    organization = Organization.objects.create(
        name="Scale: everyone", slug="scale-everyone", kind=Organization.Kind.OTHER
    )
    learners = User.objects.filter(email__startswith="learner-").values_list("pk", flat=True)
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(user_id=pk, organization=organization, records_shared_at=now)
            for pk in learners
        ],
        batch_size=2000,
    )
    manager = User.objects.get(email=_manager_email("scale-org-001"))
    Membership.objects.create(
        user=manager, organization=organization, role=Membership.Role.MANAGER, records_shared_at=now
    )
    return organization, len(learners)


def _manager_email(slug):
    from accounts.models import Membership

    return (
        Membership.objects.filter(organization__slug=slug, role=Membership.Role.MANAGER)
        .values_list("user__email", flat=True)
        .first()
    )


def bench_staff(client, slug) -> dict:
    from accounts.models import Membership

    url = f"/org/{slug}/staff/"
    client.get(url)  # warm-up (templates, caches)
    views = {
        "default_25_rows": {},
        "100_rows": {"per_page": 100},
        "sorted_by_last_activity": {"sort": "activity"},
        "course_and_status_filter": {
            "course": "scale-naloxone-responding-to-an-overdose",
            "status": "expiring",
        },
        "last_page": {"page": 40},
    }
    result = {"members": Membership.objects.filter(organization__slug=slug).count()}
    for name, params in views.items():
        times, response = timed(lambda params=params: client.get(url, params), repeat=7)
        assert response.status_code == 200, response.status_code
        result[name] = {
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
        }
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"per_page": 10})
    queries_10 = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"per_page": 100})
    result["queries"] = {"per_page_10": queries_10, "per_page_100": len(captured.captured_queries)}
    return result


def bench_csv(client, slug, members) -> dict:
    url = f"/org/{slug}/records.csv"
    times, size = timed(lambda: drain(client.get(url)))
    peak = peak_memory(lambda: drain(client.get(url)))
    return {
        "members": members,
        "seconds": round(times[0], 2),
        "bytes": size,
        "peak_python_memory_mb": round(peak, 1),
    }


def bench_zip(slug, count, pdf_kb) -> dict:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import Organization, User
    from certificates.models import Certificate
    from lms.models import PartnerExport
    from lms.partners import background
    from lms.partners.certificate_queries import organization_certificates
    from lms.partners.exports import stream_zip, zip_items
    from lms.pdf_placeholder import placeholder_pdf

    organization = Organization.objects.get(slug=slug)
    manager = User.objects.get(email=_manager_email(slug))
    certificates = organization_certificates(manager, organization)
    chosen = list(certificates.order_by("pk").values_list("pk", "pdf")[:count])
    storage = Certificate._meta.get_field("pdf").storage
    for _pk, name in chosen:
        storage.delete(name)
        storage.save(name, ContentFile(placeholder_pdf(name, padding=pdf_kb * 1024)))
    subset = certificates.filter(pk__in=[pk for pk, _ in chosen]).order_by("pk")

    times, size = timed(lambda: sum(len(part) for part in stream_zip(zip_items(subset))))
    peak = peak_memory(lambda: sum(len(part) for part in stream_zip(zip_items(subset))))

    # 1,000 is above the 500 threshold: the page hands it to the background task.
    # (Here it packs every certificate of the organization, not only the chosen ones.)
    export = PartnerExport.objects.create(
        organization=organization, requested_by=manager, filters={}, expires_at=timezone.now()
    )
    build_times, _ = timed(lambda: background.build_export(export.pk))
    export.refresh_from_db()
    return {
        "certificates": len(chosen),
        "pdf_kb_each": pdf_kb,
        "stream_seconds": round(times[0], 2),
        "bytes": size,
        "peak_python_memory_mb": round(peak, 1),
        "background_build": {
            "certificates": export.progress,
            "seconds": round(build_times[0], 2),
            "status": export.status,
        },
    }


def bench_coalition(client, slug) -> dict:
    url = f"/org/{slug}/coalition/"
    client.get(url)
    times, response = timed(lambda: client.get(url), repeat=5)
    assert response.status_code == 200
    return {"median_ms": round(statistics.median(times) * 1000, 1)}


def run(args) -> dict:
    from bench.coalition import signed_in_manager
    from lms.scale_data import make_scale_data

    generate_seconds, made = timed(
        lambda: make_scale_data(
            learners=args.learners, orgs=args.orgs, seed=args.seed, log=lambda _text: None
        )
    )
    # Managers sign in with password and authenticator code: without it they have no powers.
    client = signed_in_manager(made["big_organization_manager"])
    staff = bench_staff(client, made["big_organization"])
    everyone, members = everyone_organization()
    records = bench_csv(client, everyone.slug, members)
    archive = bench_zip(made["big_organization"], args.zip, args.pdf_kb)
    lead = signed_in_manager(made["coalition_manager"])
    coalition = bench_coalition(lead, made["coalition"])
    return {
        "data": {key: made[key] for key in made if isinstance(made[key], int)}
        | {"generate_seconds": round(generate_seconds[0], 1)},
        "staff_page": staff,
        "records_csv": records,
        "certificates_zip": archive,
        "coalition_page": coalition,
        "targets": {
            "staff_page_ms": 300,
            "records_csv_seconds": 10,
            "records_csv_peak_mb": 200,
            "zip_1000_seconds": 5,
        },
        "met": {
            "staff_page": staff["default_25_rows"]["median_ms"] <= 300,
            "records_csv_time": records["seconds"] <= 10,
            "records_csv_memory": records["peak_python_memory_mb"] < 200,
            "zip": archive["stream_seconds"] <= 5,
        },
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--zip", type=int, default=1000)
    parser.add_argument("--pdf-kb", type=int, default=48)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from bench.coalition import run_in_test_database

    result = run_in_test_database(args, run)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Certificate benchmark: render time, issue-to-stored time and PDF size. Prints JSON.

    .venv/bin/python bench/certificates.py [--renders 200] [--issues 50]

Runs against a throw-away test database (migrated first, destroyed after) with in-memory file
storage, so it touches neither var/db.sqlite3 nor media. The PDFs carry an uploaded PNG logo
and signature (Wagtail images), like a configured site. Not part of the test run.
Targets on a development machine: median render <= 60 ms, PDF <= 100 KB.
"""

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and this file would shadow the app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.core.files.images import ImageFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw  # noqa: E402

NAMES = [
    "Samantha Q. Rivera",
    "José Ñúñez-Ærøskøbing",
    "Alexandra Montgomery-Okafor",
    "Lee Chen",
    "Marie-Claire d\u2019Aubigné",  # a typographic apostrophe
]
MIXED_NAME = "Александра محمد 王小明"


def png(draw, size) -> ImageFile:
    image = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw(ImageDraw.Draw(image), size)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="bench.png")


def draw_logo(canvas, size):
    w, h = size
    canvas.ellipse([4, 4, h - 4, h - 4], fill=(11, 93, 87, 255))
    canvas.rectangle([h * 0.3, h * 0.2, h * 0.7, h * 0.8], fill=(242, 181, 68, 255))
    canvas.rectangle([h + 20, h * 0.35, w - 10, h * 0.65], fill=(11, 93, 87, 255))


def draw_signature(canvas, size):
    w, h = size
    points = [(20 + i * 9, h / 2 + ((-1) ** i) * (20 + (i * 7) % 30)) for i in range((w - 40) // 9)]
    canvas.line(points, fill=(28, 43, 74, 255), width=4, joint="curve")


def configure_site():
    from wagtail.images.models import Image
    from wagtail.models import Site

    from certificates.models import CertificateSettings

    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = Image.objects.create(title="Logo", file=png(draw_logo, (960, 240)))
    settings.signature = Image.objects.create(
        title="Signature", file=png(draw_signature, (900, 240))
    )
    settings.signatory_name, settings.signatory_title = "Dr. Jordan Ellis", "Training Director"
    settings.issuer_address = "12 River Street, Riverside, NY 12345"
    settings.save()


def make_course():
    from courses.models import CatalogPage, CourseObjective, CoursePage
    from lms.models import HomePage

    catalog = CatalogPage.objects.first()
    if catalog is None:
        catalog = CatalogPage(title="Courses", slug="courses")
        HomePage.objects.first().add_child(instance=catalog)
    course = CoursePage(
        title="Naloxone: recognizing and responding to an overdose",
        slug="naloxone-bench",
        summary="Bench course.",
        audiences=["peer"],
        topics=["naloxone"],
        estimated_minutes=90,
        contact_hours=Decimal("1.5"),
        certificate_validity_months=24,
    )
    course.objectives = [CourseObjective(text=f"List {n} things.") for n in (1, 2, 3)]
    catalog.add_child(instance=course)
    return course


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(renders: int, issues: int) -> dict:
    from django.utils import timezone

    from accounts.models import User
    from certificates.rendering import render_certificate
    from certificates.services import issue_certificate
    from courses.models import Enrollment

    configure_site()
    course = make_course()

    issue_ms, sizes, certificates = [], [], []
    for number in range(issues):
        user = User.objects.create_user(
            f"bench{number}@example.org", certificate_name=NAMES[number % len(NAMES)]
        )
        enrollment = Enrollment.objects.create(
            user=user, course=course, completed_at=timezone.now()
        )
        started = time.perf_counter()
        certificate = issue_certificate(enrollment)
        issue_ms.append((time.perf_counter() - started) * 1000)
        sizes.append(certificate.pdf_size)
        certificates.append(certificate)

    render_certificate(certificates[0])  # warm-up: fonts are parsed once per worker thread
    render_ms = []
    for number in range(renders):
        certificate = certificates[number % len(certificates)]
        started = time.perf_counter()
        render_certificate(certificate)
        render_ms.append((time.perf_counter() - started) * 1000)

    mixed = certificates[0]
    mixed.learner_name = MIXED_NAME  # in memory only: a render, not a new certificate
    mixed_ms, mixed_pdf = [], b""
    for _ in range(20):
        started = time.perf_counter()
        mixed_pdf = render_certificate(mixed)
        mixed_ms.append((time.perf_counter() - started) * 1000)

    return {
        "renders": renders,
        "render_ms": {
            "median": round(statistics.median(render_ms), 1),
            "p95": round(percentile(render_ms, 0.95), 1),
            "min": round(min(render_ms), 1),
            "max": round(max(render_ms), 1),
        },
        "issues": issues,
        "issue_to_stored_ms": {
            "median": round(statistics.median(issue_ms), 1),
            "p95": round(percentile(issue_ms, 0.95), 1),
            "first": round(issue_ms[0], 1),
        },
        "pdf_bytes": {"median": int(statistics.median(sizes)), "max": max(sizes)},
        "mixed_scripts": {
            "name": MIXED_NAME,
            "render_ms_median": round(statistics.median(mixed_ms), 1),
            "pdf_bytes": len(mixed_pdf),
        },
        "with_logo_and_signature": True,
        "targets": {"render_ms_median": 60, "pdf_bytes": 100_000},
        "met": {
            "render": statistics.median(render_ms) <= 60,
            "size": max(sizes) <= 100_000,
        },
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--issues", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(args.renders, args.issues)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

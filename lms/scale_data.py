"""A large, realistic data set for the partner pages' benchmark (``manage.py make_scale_data``).

Organizations in a coalition, learners who are members (most sharing their records), four
courses with lessons, a pre-test and a paired post-test, enrolments, lesson progress, quiz
attempts and certificates with small placeholder PDFs in storage. Rows are written with
``bulk_create`` in batches, so 10,000 learners take well under a minute. Everything made here is
recognisable (slugs starting ``scale-``, addresses ``@scale.example``), so :func:`delete_scale_data`
removes exactly it.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts import roles
from accounts.models import Membership, Organization, User
from basics.dates import add_months
from certificates.models import Certificate
from certificates.models.records import new_certificate_code
from certificates.services import build_certificate, pdf_storage_name
from courses.builders import create_quiz
from courses.choices import QuizKind
from courses.models import (
    Attempt,
    CatalogPage,
    CourseObjective,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
)

from .pdf_placeholder import placeholder_pdf

PREFIX = "scale-"
DOMAIN = "scale.example"
COALITION_SLUG = "scale-coalition"
BIG_ORGANIZATION_SIZE = 1000  # the first organization: the staff page benchmark's subject
BATCH = 2000
LESSONS_PER_COURSE = 4

# title, topic, contact hours, validity (months), share of learners who enrol
COURSES = [
    ("Naloxone: responding to an overdose", "naloxone", Decimal("1.50"), 24, 0.9),
    ("Motivational interviewing basics", "motivational_interviewing", Decimal("3.00"), 36, 0.6),
    ("Seeking Safety: an overview", "seeking_safety", Decimal("2.00"), None, 0.45),
    ("Person-first language", "anti_stigma", Decimal("1.00"), 24, 0.3),
]
FIRST_NAMES = [
    "Ana", "Bo", "Carmen", "Dev", "Eli", "Fatima", "Gus", "Hana", "Iris", "Jamal", "Kim", "Luis",
    "Mei", "Nia", "Omar", "Pat", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Val", "Wen", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Abara", "Brooks", "Castillo", "Dang", "Evans", "Fofana", "García", "Huang", "Ibarra",
    "Jensen", "Khan", "López", "Martin", "Nguyen", "Okafor", "Patel", "Quintero", "Rivera",
    "Singh", "Torres", "Usman", "Vargas", "Williams", "Young", "Zhou",
]  # fmt: skip


def _question(number: int) -> dict:
    return {
        "kind": "single",
        "objective": 1 + number % 3,
        "stem": f"Question {number + 1}: which answer is right?",
        "explanation": "The first answer is right.",
        "choices": [
            {"text": "The right answer", "correct": True},
            {"text": "A wrong answer", "correct": False},
            {"text": "Another wrong answer", "correct": False},
        ],
    }


@dataclass
class CourseSet:
    course: CoursePage
    lessons: list[LessonPage]
    pre_test: object
    post_test: object
    validity: int | None
    share: float


def existing_count() -> int:
    return Organization.objects.filter(slug__startswith=PREFIX).count()


def delete_scale_data(log: Callable[[str], None] = print) -> None:
    """Remove everything :func:`make_scale_data` made (files included)."""
    courses = list(CoursePage.objects.filter(slug__startswith=PREFIX))
    certificates = Certificate.objects.filter(course__in=courses) | Certificate.objects.filter(
        learner__email__endswith=f"@{DOMAIN}"
    )
    storage = Certificate._meta.get_field("pdf").storage
    names = list(certificates.values_list("pdf", flat=True))
    for name in names:
        storage.delete(name)
    with transaction.atomic():
        Certificate.objects.filter(pk__in=certificates.values("pk")).delete()
        Enrollment.objects.filter(course__in=courses).delete()
        User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
        Organization.objects.filter(slug__startswith=PREFIX).delete()
        for course in courses:
            CoursePage.objects.get(pk=course.pk).delete()
    log(f"Deleted the scale data: {len(courses)} courses, {len(names)} certificate files.")


def _catalog() -> CatalogPage:
    catalog = CatalogPage.objects.first()
    if catalog is None:
        from .models import HomePage

        catalog = CatalogPage(title="Courses", slug="courses")
        HomePage.objects.first().add_child(instance=catalog)
    return catalog


def _make_courses() -> list[CourseSet]:
    catalog, made = _catalog(), []
    for title, topic, hours, validity, share in COURSES:
        course = CoursePage(
            title=title,
            slug=PREFIX + slugify(title),
            summary=f"{title} (generated for benchmarks).",
            audiences=["peer", "outreach"],
            topics=[topic],
            estimated_minutes=int(hours * 60),
            contact_hours=hours,
            certificate_validity_months=validity,
        )
        course.objectives = [
            CourseObjective(text=f"List {number} key points of this course.")
            for number in (2, 3, 4)
        ]
        catalog.add_child(instance=course)
        lessons = []
        for number in range(1, LESSONS_PER_COURSE + 1):
            lesson = LessonPage(
                title=f"Lesson {number}",
                slug=f"lesson-{number}",
                body=[("rich_text", f"<p>Lesson {number} of {title}.</p>")],
            )
            course.add_child(instance=lesson)
            lessons.append(lesson)
        questions = [_question(number) for number in range(5)]
        pre = create_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST, questions=questions)
        post = create_quiz(
            course,
            title="Post-test",
            kind=QuizKind.POST_TEST,
            questions=questions,
            paired_pretest=pre,
        )
        made.append(CourseSet(course, lessons, pre, post, validity, share))
    return made


def _in_batches(model, objects: list) -> list:
    created = []
    for start in range(0, len(objects), BATCH):
        created += model.objects.bulk_create(objects[start : start + BATCH])
    return created


def _people(count: int, prefix: str, rng: random.Random, password: str, now) -> list[User]:
    users = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                email=f"{prefix}-{number + 1:05}@{DOMAIN}",
                first_name=first,
                last_name=last,
                display_name=first,
                certificate_name=f"{first} {last}",
                password=password,
                date_joined=now - datetime.timedelta(days=rng.randint(30, 900)),
            )
        )
    return _in_batches(User, users)


def _organizations(count: int) -> tuple[Organization, list[Organization]]:
    coalition = Organization.objects.create(
        name="Scale Test Coalition", slug=COALITION_SLUG, kind=Organization.Kind.COALITION
    )
    kinds = [Organization.Kind.COMMUNITY_ORGANIZATION, Organization.Kind.HEALTH_DEPARTMENT]
    organizations = _in_batches(
        Organization,
        [
            Organization(
                name=f"Scale Organization {number + 1:03}",
                slug=f"{PREFIX}org-{number + 1:03}",
                kind=kinds[number % 2],
            )
            for number in range(count)
        ],
    )
    coalition.member_organizations.add(*organizations)
    return coalition, organizations


def _assign(learners: int, organizations: int) -> list[int]:
    """The organization index of each learner: the first gets up to 1,000, the rest share."""
    big = min(BIG_ORGANIZATION_SIZE, learners) if organizations > 1 else learners
    others = list(range(1, organizations)) or [0]
    return [0] * big + [others[index % len(others)] for index in range(learners - big)]


def make_scale_data(
    *, learners: int, orgs: int, seed: int = 1, log: Callable[[str], None] = print
) -> dict:
    """Create the data set; returns what it made (counts, and the benchmark's key names)."""
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same data every run
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(None)  # unusable: these accounts never sign in with a password
    with transaction.atomic():
        courses = _make_courses()
        coalition, organizations = _organizations(orgs)
        managers = _people(orgs + 1, "manager", rng, password, now)
        people = _people(learners, "learner", rng, password, now)
        learner_group = Group.objects.get(name=roles.LEARNERS)
        through = User.groups.through
        _in_batches(
            through, [through(user_id=user.pk, group_id=learner_group.pk) for user in people]
        )

        memberships = [
            Membership(
                user=manager,
                organization=organization,
                role=Membership.Role.MANAGER,
                records_shared_at=now,
            )
            for manager, organization in zip(managers, [*organizations, coalition], strict=True)
        ]
        for user, index in zip(people, _assign(learners, orgs), strict=True):
            shares = rng.random() < 0.9
            memberships.append(
                Membership(
                    user=user,
                    organization=organizations[index],
                    joined_at=user.date_joined,
                    records_shared_at=user.date_joined if shares else None,
                )
            )
            if orgs > 1 and rng.random() < 0.03:  # some work for two organizations
                other = organizations[(index + 1 + rng.randrange(orgs - 1)) % orgs]
                if other is not organizations[index]:
                    memberships.append(
                        Membership(user=user, organization=other, records_shared_at=now)
                    )
        _in_batches(Membership, memberships)
        log(f"Made {orgs} organizations, {learners} learners, {len(memberships)} memberships.")

        enrollments = []
        for user in people:
            for item in courses:
                if rng.random() >= item.share:
                    continue
                if rng.random() < 0.7:
                    completed = now - datetime.timedelta(days=rng.uniform(1, 760))
                    enrolled = completed - datetime.timedelta(days=rng.uniform(0.1, 30))
                else:
                    completed, enrolled = None, now - datetime.timedelta(days=rng.uniform(0, 200))
                enrollments.append(
                    Enrollment(
                        user=user, course=item.course, enrolled_at=enrolled, completed_at=completed
                    )
                )
        enrollments = _in_batches(Enrollment, enrollments)
        by_course = {item.course.pk: item for item in courses}

        progress, attempts = [], []
        for enrollment in enrollments:
            item = by_course[enrollment.course_id]
            done = (
                LESSONS_PER_COURSE
                if enrollment.completed_at
                else rng.randint(0, LESSONS_PER_COURSE - 1)
            )
            moment = enrollment.enrolled_at
            end = enrollment.completed_at or now
            step = (end - moment) / (LESSONS_PER_COURSE + 2)
            if done or enrollment.completed_at:
                attempts.append(_attempt(enrollment, item.pre_test, 1, rng, moment + step / 2))
            for number, lesson in enumerate(item.lessons[:done], start=1):
                moment = enrollment.enrolled_at + step * number
                progress.append(
                    LessonProgress(
                        enrollment=enrollment,
                        lesson=lesson,
                        first_viewed_at=moment,
                        completed_at=moment + datetime.timedelta(minutes=rng.randint(5, 40)),
                        seconds_on_page=600,
                    )
                )
            if enrollment.completed_at:
                tries = 1 if rng.random() < 0.8 else 2
                for number in range(1, tries + 1):
                    attempts.append(
                        _attempt(
                            enrollment,
                            item.post_test,
                            number,
                            rng,
                            enrollment.completed_at - datetime.timedelta(minutes=10 * number),
                            passed=number == tries,
                        )
                    )
        _in_batches(LessonProgress, progress)
        _in_batches(Attempt, attempts)
        log(
            f"Made {len(enrollments)} enrolments, {len(progress)} lesson progress rows, "
            f"{len(attempts)} quiz attempts."
        )
        certificates = _certificates(
            [enrollment for enrollment in enrollments if enrollment.completed_at],
            by_course,
            {user.pk: user for user in people},
            today,
        )
    log(f"Made {certificates} certificates (placeholder PDFs in storage).")
    with connection.cursor() as cursor:
        # Fresh planner statistics, as a live database has them (PostgreSQL's autovacuum would
        # gather them later; SQLite only on request): without them the first queries are
        # planned for empty tables.
        cursor.execute("ANALYZE")
    return {
        "coalition": coalition.slug,
        "big_organization": organizations[0].slug,
        "big_organization_manager": managers[0].email,
        "coalition_manager": managers[-1].email,
        "organizations": orgs,
        "learners": learners,
        "memberships": len(memberships),
        "enrollments": len(enrollments),
        "lesson_progress": len(progress),
        "attempts": len(attempts),
        "certificates": certificates,
    }


def _attempt(enrollment, quiz, number, rng, at, *, passed=None) -> Attempt:
    if quiz.kind == QuizKind.PRE_TEST:
        percent = Decimal(rng.choice([0, 20, 40, 60, 80]))
    else:
        percent = Decimal(rng.choice([80, 100]) if passed else rng.choice([40, 60]))
    return Attempt(
        enrollment=enrollment,
        quiz=quiz,
        number=number,
        started_at=at - datetime.timedelta(minutes=8),
        submitted_at=at,
        snapshot={"settings": {"kind": quiz.kind, "title": quiz.title}, "questions": []},
        score=percent / 20,
        max_score=5,
        percent=percent,
        passed=passed if quiz.kind == QuizKind.POST_TEST else None,
    )


def _certificates(completed: list[Enrollment], by_course: dict, users: dict, today) -> int:
    """One certificate per completion, printed values copied from one real build per course."""
    storage = Certificate._meta.get_field("pdf").storage
    templates = {}
    rows = []
    for enrollment in completed:
        item = by_course[enrollment.course_id]
        user = users[enrollment.user_id]
        enrollment.user, enrollment.course = user, item.course
        if enrollment.course_id not in templates:
            templates[enrollment.course_id] = build_certificate(enrollment, name="template")
        certificate = build_certificate_like(templates[enrollment.course_id], enrollment, today)
        pdf = placeholder_pdf(f"{certificate.learner_name} - {certificate.course_title}")
        certificate.pdf.name = storage.save(pdf_storage_name(certificate.code), ContentFile(pdf))
        certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        certificate.pdf_size = len(pdf)
        rows.append(certificate)
        if len(rows) >= BATCH:
            Certificate.objects.bulk_create(rows)
            rows = []
    Certificate.objects.bulk_create(rows)
    return len(completed)


def build_certificate_like(template: Certificate, enrollment: Enrollment, today) -> Certificate:
    """A certificate for `enrollment` with `template`'s printed values (issuer, approvals…)."""
    completion_date = timezone.localdate(enrollment.completed_at)
    months = enrollment.course.certificate_validity_months
    valid_until = add_months(completion_date, months) if months else None
    expired = valid_until is not None and valid_until < today
    return Certificate(
        code=new_certificate_code(),
        learner_id=enrollment.user_id,
        course_id=enrollment.course_id,
        enrollment_id=enrollment.pk,
        completed_at=enrollment.completed_at,
        kind=template.kind,
        learner_name=enrollment.user.certificate_name,
        course_title=template.course_title,
        contact_hours=template.contact_hours,
        delivery_format=template.delivery_format,
        completion_date=completion_date,
        approvals=template.approvals,
        issuer_name=template.issuer_name,
        issuer_address=template.issuer_address,
        issuer_contact=template.issuer_contact,
        signatory_name=template.signatory_name,
        signatory_title=template.signatory_title,
        retention_statement=template.retention_statement,
        language=template.language,
        issued_at=enrollment.completed_at + datetime.timedelta(minutes=2),
        valid_until=valid_until,
        status=Certificate.Status.EXPIRED if expired else Certificate.Status.VALID,
        status_changed_at=enrollment.completed_at if expired else None,
        template_version="scale-placeholder",
    )

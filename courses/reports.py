"""Assessment reports for trainers: course summary with knowledge gain, item analysis, evaluation.

Each report reads its rows in a fixed number of queries (whatever the number of learners) and
does the arithmetic in Python. No report names a learner.

- **Knowledge gain** compares each learner's first pre-test score with the post-test score that
  counts for them (highest or latest attempt, per the post-test's rule), for learners who took
  both quizzes of a pair; it reports the means, the mean change and the share who passed.
- **Item analysis** uses every submitted attempt. Per question: difficulty (mean credit, i.e. the
  share correct), discrimination (point-biserial correlation between the question's credit and
  the rest of the test, as a proportion so that random draws stay comparable), and how often
  each choice was picked. Figures show from ``MIN_ATTEMPTS`` attempts at a question.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q

from basics.numbers import mean

from . import grading
from .choices import QuizKind
from .localization import source_page
from .models import Attempt, CoursePage, Enrollment, EvaluationPage, EvaluationResponse, QuizPage
from .models.evaluations import ConfidenceScale, LikertScale

MIN_ATTEMPTS = 5
EASY_ABOVE = 0.95
HARD_BELOW = 0.2
DISCRIMINATION_BELOW = 0.1


def _share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a percent with one decimal, or None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Course summary and knowledge gain ---------------------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int
    percent: Decimal
    passed: bool | None


@dataclass
class KnowledgeGain:
    learners: int = 0
    mean_pre: Decimal | None = None
    mean_post: Decimal | None = None
    mean_gain: Decimal | None = None
    reached_pass_mark: Decimal | None = None  # percent of these learners who passed


@dataclass
class CourseSummary:
    course: CoursePage
    enrolled: int = 0
    completed: int = 0
    pre_test: QuizPage | None = None
    post_test: QuizPage | None = None
    paired: bool = False
    pre_takers: int = 0
    post_takers: int = 0
    post_passed: int = 0
    pass_rate: Decimal | None = None
    mean_attempts: Decimal | None = None
    mean_pre: Decimal | None = None
    mean_post: Decimal | None = None
    gain: KnowledgeGain = field(default_factory=KnowledgeGain)


def _course_quizzes(course: CoursePage) -> tuple[QuizPage | None, QuizPage | None]:
    """The course's post-test and the pre-test it is compared with (one query)."""
    quizzes = list(
        QuizPage.objects.child_of(course)
        .filter(kind__in=[QuizKind.PRE_TEST, QuizKind.POST_TEST])
        .defer_streamfields()
        .order_by("-live", "path")
    )
    post = next((quiz for quiz in quizzes if quiz.kind == QuizKind.POST_TEST), None)
    pre = None
    if post is not None and post.paired_pretest_id:
        pre = next((quiz for quiz in quizzes if quiz.pk == post.paired_pretest_id), None)
    if pre is None:
        pre = next((quiz for quiz in quizzes if quiz.kind == QuizKind.PRE_TEST), None)
    return pre, post


def course_summary(course: CoursePage) -> CourseSummary:
    """Enrolment, completion, post-test results and knowledge gain for one course (3 queries)."""
    summary = CourseSummary(course=course)
    # Learners, not enrolment cycles: a renewal does not count a learner twice.
    counts = Enrollment.objects.filter(course=course).aggregate(
        enrolled=Count("user", distinct=True),
        completed=Count("user", distinct=True, filter=Q(completed_at__isnull=False)),
    )
    summary.enrolled, summary.completed = counts["enrolled"], counts["completed"]
    pre, post = _course_quizzes(course)
    summary.pre_test, summary.post_test = pre, post
    summary.paired = bool(pre and post and post.paired_pretest_id == pre.pk)
    quiz_ids = [quiz.pk for quiz in (pre, post) if quiz is not None]
    if not quiz_ids:
        return summary

    rows: dict[int, dict[int, list[Row]]] = {pk: defaultdict(list) for pk in quiz_ids}
    for enrollment_id, quiz_id, number, percent, passed in (
        Attempt.objects.filter(quiz_id__in=quiz_ids, submitted_at__isnull=False)
        .order_by()
        .values_list("enrollment_id", "quiz_id", "number", "percent", "passed")
    ):
        rows[quiz_id][enrollment_id].append(Row(number, percent, passed))

    pre_scores = {}
    if pre is not None:
        for enrollment_id, attempts in rows[pre.pk].items():
            pre_scores[enrollment_id] = min(attempts, key=lambda row: row.number).percent
    summary.pre_takers = len(pre_scores)
    summary.mean_pre = mean(list(pre_scores.values()))

    if post is None:
        return summary
    post_scores, passed = {}, set()
    for enrollment_id, attempts in rows[post.pk].items():
        post_scores[enrollment_id] = grading.pick_graded(attempts, post.grading_method).percent
        if any(row.passed for row in attempts):
            passed.add(enrollment_id)
    summary.post_takers = len(post_scores)
    summary.post_passed = len(passed)
    summary.pass_rate = _share(len(passed), len(post_scores))
    summary.mean_attempts = mean([len(attempts) for attempts in rows[post.pk].values()])
    summary.mean_post = mean(list(post_scores.values()))

    if summary.paired:
        both = sorted(set(pre_scores) & set(post_scores))
        summary.gain = KnowledgeGain(
            learners=len(both),
            mean_pre=mean([pre_scores[pk] for pk in both]),
            mean_post=mean([post_scores[pk] for pk in both]),
            mean_gain=mean([post_scores[pk] - pre_scores[pk] for pk in both]),
            reached_pass_mark=_share(sum(1 for pk in both if pk in passed), len(both)),
        )
    return summary


# Item analysis ---------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    id: str
    text: str
    correct: bool
    count: int = 0


@dataclass
class ItemStats:
    question_id: str
    stem: str
    kind: str
    objective: int | None
    in_bank: bool
    n: int = 0
    difficulty: float | None = None
    discrimination: float | None = None
    choices: list[ChoiceCount] = field(default_factory=list)
    dont_know: int = 0
    unanswered: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.n >= MIN_ATTEMPTS


@dataclass
class ItemReport:
    quiz: QuizPage
    attempts: int
    items: list[ItemStats]


def point_biserial(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson's r over (item credit, rest-of-test score) pairs; None when it is undefined."""
    if len(pairs) < 2:
        return None
    n = len(pairs)
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _flags(item: ItemStats) -> list[str]:
    flags = []
    if item.difficulty is not None and item.difficulty > EASY_ABOVE:
        flags.append("too_easy")
    if item.difficulty is not None and item.difficulty < HARD_BELOW:
        flags.append("too_hard")
    if item.discrimination is not None and item.discrimination < DISCRIMINATION_BELOW:
        flags.append("low_discrimination")
    return flags


def item_analysis(quiz: QuizPage, *, language: str | None = None) -> ItemReport:
    """Per-question figures for `quiz` from all its submitted attempts (2 or 3 queries).

    Attempts in every language count together (they are on the source quiz, with the same
    answer ids); `language` keeps only the attempts started in that language.
    """
    quiz = source_page(quiz)
    attempts = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
    if language:
        attempts = attempts.filter(language=language)
    bank_order = {str(question.pk): index for index, question in enumerate(quiz.bank())}
    latest: dict[str, dict] = {}  # question id -> the question as last served
    choice_labels: dict[str, dict[str, dict]] = defaultdict(dict)  # every choice ever served
    pairs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = 0
    for snapshot, answers, credits in attempts.order_by("submitted_at", "pk").values_list(
        "snapshot", "answers", "credits"
    ):
        total += 1
        credit = {key: Fraction(value) for key, value in (credits or {}).items()}
        points = sum(credit.values(), Fraction(0))
        served = snapshot.get("questions", [])
        for question in served:
            key = question["id"]
            latest[key] = question
            for choice in question["choices"]:
                if choice["id"] != grading.DONT_KNOW:
                    choice_labels[key][choice["id"]] = choice
            x = credit.get(key, Fraction(0))
            rest = (points - x) / (len(served) - 1) if len(served) > 1 else Fraction(0)
            pairs[key].append((float(x), float(rest)))
            picked = (answers or {}).get(key) or [""]
            for choice_id in picked:
                counts[key][choice_id] += 1

    items = []
    for key, question in latest.items():
        item = ItemStats(
            question_id=key,
            stem=question["stem"],
            kind=question["kind"],
            objective=question.get("objective"),
            in_bank=key in bank_order,
            n=len(pairs[key]),
            choices=[
                ChoiceCount(choice["id"], choice["text"], choice["correct"], counts[key][cid])
                for cid, choice in choice_labels[key].items()
            ],
            dont_know=counts[key][grading.DONT_KNOW],
            unanswered=counts[key][""],
        )
        if item.enough:
            item.difficulty = sum(x for x, _ in pairs[key]) / item.n
            item.discrimination = point_biserial(pairs[key])
            item.flags = _flags(item)
        items.append(item)
    items.sort(key=lambda item: (bank_order.get(item.question_id, len(bank_order)), item.stem))
    return ItemReport(quiz=quiz, attempts=total, items=items)


def course_quizzes(course: CoursePage) -> list[QuizPage]:
    """Every quiz of the course (published or not), in course order, without question bodies."""
    return list(QuizPage.objects.child_of(course).order_by("path"))


# Evaluation ------------------------------------------------------------------------------


@dataclass
class RatingSummary:
    id: str
    text: str
    counts: dict[int, int]
    n: int
    mean: Decimal | None


@dataclass
class EvaluationSummary:
    evaluation: EvaluationPage | None
    responses: int = 0
    statements: list[RatingSummary] = field(default_factory=list)
    confidence_question: str = ""
    confidence_before: RatingSummary | None = None
    confidence_after: RatingSummary | None = None
    mean_confidence_change: Decimal | None = None
    comments: list[tuple] = field(default_factory=list)  # (submitted_at, text), newest first

    @property
    def likert_labels(self):
        return LikertScale.choices

    @property
    def confidence_labels(self):
        return ConfidenceScale.choices


def _rating(key: str, text: str, values: list[int]) -> RatingSummary:
    counts = {value: 0 for value in range(1, 6)}
    for value in values:
        if value in counts:
            counts[value] += 1
    return RatingSummary(key, text, counts, len(values), mean(values))


def evaluation_summary(course: CoursePage) -> EvaluationSummary:
    """Counts per rated statement, confidence before/after, and the comments (2 queries)."""
    evaluation = EvaluationPage.objects.child_of(course).order_by("-live", "path").first()
    summary = EvaluationSummary(evaluation=evaluation)
    if evaluation is None:
        return summary
    texts = {item["id"]: item["text"] for item in evaluation.statement_data()}
    order = list(texts)
    ratings: dict[str, list[int]] = defaultdict(list)
    before, after, changes = [], [], []
    for statements, given, conf_before, conf_after, comments, submitted_at, question in (
        EvaluationResponse.objects.filter(evaluation=evaluation)
        .order_by("-submitted_at", "-pk")
        .values_list(
            "statements",
            "ratings",
            "confidence_before",
            "confidence_after",
            "comments",
            "submitted_at",
            "confidence_question",
        )
    ):
        summary.responses += 1
        for statement in statements or []:
            if statement["id"] not in texts:
                texts[statement["id"]] = statement["text"]
                order.append(statement["id"])
        for key, value in (given or {}).items():
            ratings[key].append(int(value))
        if conf_before is not None:
            before.append(conf_before)
        if conf_after is not None:
            after.append(conf_after)
        if conf_before is not None and conf_after is not None:
            changes.append(conf_after - conf_before)
        if comments:
            summary.comments.append((submitted_at, comments))
        summary.confidence_question = summary.confidence_question or question
    summary.statements = [_rating(key, texts[key], ratings[key]) for key in order]
    summary.confidence_question = evaluation.confidence_question or summary.confidence_question
    if before or after or evaluation.confidence_question:
        summary.confidence_before = _rating("before", "", before)
        summary.confidence_after = _rating("after", "", after)
        summary.mean_confidence_change = mean(changes)
    return summary

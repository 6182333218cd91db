"""Build quizzes and evaluations in code (the curriculum loader, demo data, tests).

    quiz = create_quiz(
        course,
        title="Post-test",
        kind=QuizKind.POST_TEST,
        questions=[{
            "kind": "single", "objective": 1, "stem": "…", "explanation": "…",
            "choices": [{"text": "…", "correct": True, "feedback": "…"}, …],
        }, …],
        draw_count=10, shuffle_questions=True, paired_pretest=pre_test,
    )

Each question dict takes the keyword arguments of ``Question.build`` (``vignette`` and
``partial_credit`` are optional; a choice may carry an ``id`` to stay stable across reloads).
The quiz is checked like the Wagtail editor checks it before publishing, and a broken one raises
``ValidationError`` with every problem listed.
"""

from collections.abc import Iterable, Mapping

from django.utils.text import slugify

from .models import CoursePage, EvaluationPage, Question, QuizPage


def create_quiz(
    course: CoursePage,
    *,
    title: str,
    kind: str,
    questions: Iterable[Mapping] = (),
    slug: str | None = None,
    publish: bool = True,
    **settings,
) -> QuizPage:
    """Add a quiz under `course` with its questions; publish it unless `publish` is False."""
    quiz = QuizPage(title=title, slug=slug or slugify(title), kind=kind, **settings)
    quiz.questions = [
        Question.build(**question, sort_order=index) for index, question in enumerate(questions)
    ]
    quiz.live = False
    course.add_child(instance=quiz)
    if publish:
        quiz.raise_if_not_publishable()
        quiz.save_revision().publish()
        quiz.refresh_from_db()
    return quiz


def create_evaluation(
    course: CoursePage,
    *,
    statements: Iterable[str],
    title: str = "Course evaluation",
    confidence_question: str = "",
    comments_prompt: str = "What would make this course better?",
    slug: str | None = None,
    publish: bool = True,
) -> EvaluationPage:
    """Add the course's evaluation (rated statements, confidence before/after, comments)."""
    evaluation = EvaluationPage(
        title=title,
        slug=slug or slugify(title),
        statements=[("statement", text) for text in statements],
        confidence_question=confidence_question,
        comments_prompt=comments_prompt,
    )
    evaluation.live = False
    course.add_child(instance=evaluation)
    if publish:
        evaluation.save_revision().publish()
        evaluation.refresh_from_db()
    return evaluation

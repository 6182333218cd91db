from .attempts import Attempt, EvaluationResponse, SavedAnswers
from .evaluations import EvaluationPage
from .learning import Enrollment, LessonProgress, Reflection
from .pages import (
    CatalogPage,
    CourseChildPage,
    CourseObjective,
    CoursePage,
    CourseSource,
    LessonPage,
)
from .questions import Question
from .quizzes import QuizPage

__all__ = [
    "Attempt",
    "CatalogPage",
    "CourseChildPage",
    "CourseObjective",
    "CoursePage",
    "CourseSource",
    "Enrollment",
    "EvaluationPage",
    "EvaluationResponse",
    "LessonPage",
    "LessonProgress",
    "Question",
    "QuizPage",
    "Reflection",
    "SavedAnswers",
]

from .attempts import Attempt, EvaluationResponse, SavedAnswers
from .evaluations import EvaluationPage
from .hours import CourseHours, HoursCategory, HoursFormat
from .learning import Enrollment, LessonProgress, Reflection
from .loads import LoadedCourse
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
from .reviews import CourseReview

__all__ = [
    "Attempt",
    "CatalogPage",
    "CourseChildPage",
    "CourseHours",
    "CourseObjective",
    "CoursePage",
    "CourseReview",
    "CourseSource",
    "Enrollment",
    "EvaluationPage",
    "EvaluationResponse",
    "HoursCategory",
    "HoursFormat",
    "LessonPage",
    "LessonProgress",
    "LoadedCourse",
    "Question",
    "QuizPage",
    "Reflection",
    "SavedAnswers",
]

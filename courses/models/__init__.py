from .learning import Enrollment, LessonProgress, Reflection
from .pages import (
    CatalogPage,
    CourseChildPage,
    CourseObjective,
    CoursePage,
    CourseSource,
    LessonPage,
)

__all__ = [
    "CatalogPage",
    "CourseChildPage",
    "CourseObjective",
    "CoursePage",
    "CourseSource",
    "Enrollment",
    "LessonPage",
    "LessonProgress",
    "Reflection",
]

"""Extra completion requirements, registered by the apps that own them.

The core rule (every published lesson done) lives in ``courses/progress.py``. Anything else a
course may ask for (a passed post-test, a submitted evaluation) is a *requirement*: a callable
``requirement(course, enrollment)`` that returns a :class:`RequirementStatus`, or ``None`` when
it does not apply to that course. ``enrollment`` is ``None`` for someone not enrolled (the course
page still lists what will be required).

Register once, at app start-up (``AppConfig.ready``)::

    from courses.completion import RequirementStatus, register_requirement

    @register_requirement
    def post_test_passed(course, enrollment):
        if not course.has_post_test:
            return None
        return RequirementStatus("post_test", _("Pass the post-test"), met=..., url=...)

``services.evaluate_completion`` counts a course complete only when all lessons are done and
every applicable requirement is met; progress bars count each requirement as one item.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import CoursePage, Enrollment


@dataclass(frozen=True)
class RequirementStatus:
    key: str
    label: str
    met: bool
    url: str | None = None


Requirement = Callable[["CoursePage", "Enrollment | None"], RequirementStatus | None]

_requirements: dict[str, Requirement] = {}


def _key(requirement: Requirement) -> str:
    return f"{requirement.__module__}.{requirement.__qualname__}"


def register_requirement(requirement: Requirement) -> Requirement:
    """Add a requirement (idempotent: registering the same function twice keeps one)."""
    _requirements[_key(requirement)] = requirement
    return requirement


def unregister_requirement(requirement: Requirement) -> None:
    _requirements.pop(_key(requirement), None)


def requirement_statuses(
    course: "CoursePage", enrollment: "Enrollment | None"
) -> list[RequirementStatus]:
    """The status of every registered requirement that applies to `course`, in register order."""
    statuses = (requirement(course, enrollment) for requirement in _requirements.values())
    return [status for status in statuses if status is not None]

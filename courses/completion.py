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

A requirement may also return a *list* of statuses (one function can describe several steps
that share a query), and may report optional steps (``required=False``, e.g. a pre-test): those
are listed with the course's steps but never count toward completion. ``place`` says where a
step belongs: ``"after"`` the lessons (the default: it opens once every lesson and every earlier
required step is done), ``"before"`` them (always open; where a new learner is pointed first), or
``"anytime"`` (always open). ``page_id`` names the page the step is taken on, if any.

For lists of many enrolments (``progress.load_progress_many``) a requirement can give itself a
``many`` attribute: ``requirement.many(pairs)`` takes ``[(course, enrollment), ...]`` and returns
one result per pair, in a fixed number of queries.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import CoursePage, Enrollment


PLACES = ("before", "anytime", "after")


@dataclass(frozen=True)
class RequirementStatus:
    key: str
    label: str
    met: bool
    url: str | None = None
    required: bool = True
    place: str = "after"
    page_id: int | None = None


Result = RequirementStatus | list[RequirementStatus] | None
Requirement = Callable[["CoursePage", "Enrollment | None"], Result]

_requirements: dict[str, Requirement] = {}


def _key(requirement: Requirement) -> str:
    return f"{requirement.__module__}.{requirement.__qualname__}"


def register_requirement(requirement: Requirement) -> Requirement:
    """Add a requirement (idempotent: registering the same function twice keeps one)."""
    _requirements[_key(requirement)] = requirement
    return requirement


def unregister_requirement(requirement: Requirement) -> None:
    _requirements.pop(_key(requirement), None)


def _flatten(results: Iterable[Result]) -> list[RequirementStatus]:
    statuses = []
    for result in results:
        if isinstance(result, RequirementStatus):
            statuses.append(result)
        elif result:
            statuses.extend(result)
    return statuses


def requirement_statuses(
    course: "CoursePage", enrollment: "Enrollment | None"
) -> list[RequirementStatus]:
    """The status of every registered requirement that applies to `course`, in register order."""
    return _flatten(requirement(course, enrollment) for requirement in _requirements.values())


def requirement_statuses_many(
    pairs: Sequence[tuple["CoursePage", "Enrollment | None"]],
) -> list[list[RequirementStatus]]:
    """`requirement_statuses` for each (course, enrollment) pair, batched where it can be."""
    pairs = list(pairs)
    per_requirement = []
    for requirement in _requirements.values():
        many = getattr(requirement, "many", None)
        if many is not None:
            per_requirement.append(list(many(pairs)))
        else:
            per_requirement.append(
                [requirement(course, enrollment) for course, enrollment in pairs]
            )
    return [_flatten(results[index] for results in per_requirement) for index in range(len(pairs))]

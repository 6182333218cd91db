"""The "Observe skills" button beside each person checked in on a session's roster.

``trainings`` asks the apps above it for roster buttons (``trainings.signals.ROSTER_ACTIONS_HOOK``,
registered in ``wagtail_hooks``) and shows them only to the people who may run the session.
A session whose course has no checklist costs no query (``requirements.course_checklists`` is
cached); one with a checklist costs none either: the buttons are plain forms that POST to
``practice:observe_at_session``, which checks everything again.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .requirements import course_checklists


def observe_buttons(request, session, attendances) -> dict[str, str]:
    if session.course_id is None:
        return {}
    checklists = [
        {"code": code, "title": title}
        for _pk, code, title, _required in course_checklists().get(session.course_id, [])
    ]
    if not checklists:
        return {}
    return {
        attendance.code: render_to_string(
            "practice/includes/roster_observe.html",
            {
                "session": session,
                "attendance": attendance,
                "checklists": checklists,
                "several": len(checklists) > 1,
            },
            request=request,
        )
        for attendance in attendances
        if attendance.person_id != request.user.pk  # nobody observes themselves
    }

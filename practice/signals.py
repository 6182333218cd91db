"""Keep the cached list of required checklists true, and seed checklists with the curriculum."""

from django.db.models.signals import post_delete, post_save

from courses.signals import curriculum_loaded

from .models import SkillsChecklist


def connect() -> None:
    from .loader import load_checklists_with_curriculum
    from .requirements import forget_course_checklists

    for signal in (post_save, post_delete):
        signal.connect(
            forget_course_checklists,
            sender=SkillsChecklist,
            dispatch_uid=f"practice.forget_course_checklists.{signal is post_save}",
        )
    curriculum_loaded.connect(
        load_checklists_with_curriculum, dispatch_uid="practice.load_checklists"
    )

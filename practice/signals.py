"""Keep the cached list of required checklists true, and seed checklists with the curriculum."""

from courses.signals import curriculum_loaded


def connect() -> None:
    from .loader import load_checklists_with_curriculum

    curriculum_loaded.connect(
        load_checklists_with_curriculum, dispatch_uid="practice.load_checklists"
    )

"""Background work: the daily plan reminders, for a scheduler that enqueues tasks."""

from django_tasks import task

from . import reminders


@task()
def send_plan_reminders_task() -> dict:
    return reminders.send_plan_reminders()

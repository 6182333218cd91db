"""Background work: the daily plan reminders and the monthly summaries (run daily), for a
scheduler that enqueues tasks."""

from django_tasks import task

from . import reminders, summary


@task()
def send_plan_reminders_task() -> dict:
    return reminders.send_plan_reminders()


@task()
def send_plan_summaries_task() -> dict:
    return summary.send_monthly_summaries()

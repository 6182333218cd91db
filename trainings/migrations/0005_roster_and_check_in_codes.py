"""A session's check-in code (said aloud in the room), and random codes that name
registrations and attendances in the roster's forms.

Added empty, filled one row at a time (each its own random code), then made required (and the
roster codes unique), so existing rows get codes of their own too.
"""

from django.db import migrations, models

import trainings.models


def give_each_row_a_code(apps, schema_editor):
    sessions = apps.get_model("trainings", "TrainingSession")
    for session in sessions.objects.filter(check_in_code=None).only("pk"):
        code = trainings.models.new_check_in_code()
        sessions.objects.filter(pk=session.pk).update(check_in_code=code)
    for model_name in ("Registration", "Attendance"):
        model = apps.get_model("trainings", model_name)
        taken = set(model.objects.exclude(code=None).values_list("code", flat=True))
        for row in model.objects.filter(code=None).only("pk"):
            code = trainings.models.new_roster_code()
            while code in taken:
                code = trainings.models.new_roster_code()
            taken.add(code)
            model.objects.filter(pk=row.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0004_attendance"),
    ]

    operations = [
        migrations.AddField(
            model_name="trainingsession",
            name="check_in_code",
            field=models.CharField(editable=False, max_length=6, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="code",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="attendance",
            name="code",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.RunPython(give_each_row_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trainingsession",
            name="check_in_code",
            field=models.CharField(
                default=trainings.models.new_check_in_code, editable=False, max_length=6
            ),
        ),
        migrations.AlterField(
            model_name="registration",
            name="code",
            field=models.CharField(
                default=trainings.models.new_roster_code,
                editable=False,
                max_length=10,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="code",
            field=models.CharField(
                default=trainings.models.new_roster_code,
                editable=False,
                max_length=10,
                unique=True,
            ),
        ),
    ]

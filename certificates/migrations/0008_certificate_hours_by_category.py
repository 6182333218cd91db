"""Certificates keep the course's hours by category as issued; existing ones are filled from
their course's rows as they are today (the best record there is of what they were)."""

from django.db import migrations, models

BATCH = 500


def fill_from_current_rows(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    CourseHours = apps.get_model("courses", "CourseHours")
    rows_by_course = {}
    for row in CourseHours.objects.select_related("category").order_by("sort_order", "pk"):
        rows_by_course.setdefault(row.course_id, []).append(
            {
                "category": row.category_id,
                "name": row.category.name,
                "format": row.format,
                "hours": format(row.hours.normalize(), "f"),
            }
        )
    if not rows_by_course:
        return
    pending = Certificate.objects.filter(course_id__in=rows_by_course).only("pk", "course_id")
    batch = []
    for certificate in pending.iterator(chunk_size=BATCH):
        certificate.hours_by_category = rows_by_course[certificate.course_id]
        batch.append(certificate)
        if len(batch) == BATCH:
            Certificate.objects.bulk_update(batch, ["hours_by_category"])
            batch = []
    Certificate.objects.bulk_update(batch, ["hours_by_category"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0007_attendance_statements"),
        ("courses", "0012_contact_hours_by_category"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="hours_by_category",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The course's hours by category and format at issue (category, name, format "
                    "and hours), so later edits to the course change no past learner's hours."
                ),
                verbose_name="hours by category",
            ),
        ),
        migrations.RunPython(fill_from_current_rows, migrations.RunPython.noop),
    ]

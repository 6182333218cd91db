"""The Spanish locale: pages can have a Spanish version (Wagtail's locales, wagtail_localize).

The Spanish home page and catalog are made as translations of the English ones when the first
Spanish course is loaded (``courses.localization.translated_catalog``). Idempotent.
"""

from django.db import migrations


def add_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="es")


def remove_spanish_if_unused(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(locale__language_code="es").exists():
        Locale.objects.filter(language_code="es").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_partner_export"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_spanish, remove_spanish_if_unused)]

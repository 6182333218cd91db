"""Practice sets and their statements in languages (issue 21): TranslatableMixin.

Wagtail's own steps: nullable fields, every existing row put in the default (English) locale
with a fresh translation key, then the fields made required and unique per language."""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from wagtail.models.i18n import (
    BootstrapTranslatableModel,
    BootstrapTranslationKeyField,
)


def locale_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.locale",
        verbose_name="locale",
    )


def operations_for(app, *models_):
    before, fill, after = [], [], []
    for name in models_:
        before += [
            BootstrapTranslationKeyField(f"{app}.{name}"),
            migrations.AddField(model_name=name, name="locale", field=locale_field(True)),
        ]
        fill.append(BootstrapTranslatableModel(f"{app}.{name}"))
        after += [
            migrations.AlterField(
                model_name=name,
                name="translation_key",
                field=models.UUIDField(default=uuid.uuid4, editable=False),
            ),
            migrations.AlterField(model_name=name, name="locale", field=locale_field(False)),
            migrations.AlterUniqueTogether(
                name=name, unique_together={("translation_key", "locale")}
            ),
        ]
    return before + fill + after


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_trainers_author_practice"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = operations_for("coaching", "practiceset", "practicestatement")

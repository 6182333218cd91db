"""The building blocks of a lesson body.

Each block has a template in ``templates/blocks/``, a preview value for the block picker and a
description for trainers. Validation that matters for accessibility (image alt text, video
transcripts) lives here so it holds wherever the blocks are used.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

PREVIEW_TEMPLATE = "blocks/preview.html"
INLINE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
ALT_TEXT_MAX_LENGTH = 250
REFLECTION_PROMPT_MAX_LENGTH = 500
_LOOKS_LIKE_FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|heic|svg)$", re.IGNORECASE)


def _require(value: str, message: str) -> ValidationError | None:
    return None if value and value.strip() else ValidationError(message)


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", INLINE_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/rich_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>People who use drugs are the experts on their own lives. Our job is to offer "
            "information and supplies without judgement.</p>"
        )
        description = _("Paragraphs of text with links and lists.")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-section heading"))],
        default="h2",
        help_text=_("Use a sub-section heading only after a section heading."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Recognizing an opioid overdose", "level": "h2"}
        description = _("A section heading, so people can scan the lesson.")


class ImageValue(blocks.StructValue):
    """An image block's value, with the alt text people get (see ``ImageBlock``)."""

    @property
    def alt(self) -> str:
        """The alt text typed in the block, else the image's description from the library."""
        typed = (self.get("alt_text") or "").strip()
        if typed:
            return typed
        image = self.get("image")
        return (getattr(image, "description", "") or "").strip()


class ImageBlock(blocks.StructBlock):
    """A picture with its text alternative.

    Trainers describe an image once, as its description in the image library; every block that
    shows the image uses it as alt text unless the block says otherwise (a lesson may need to
    point at a different detail). Wagtail's own fallback, the image's title, is not used: it
    is usually the file's name. One of the two is required.
    """

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=ALT_TEXT_MAX_LENGTH,
        help_text=_(
            "Leave blank to use the image's description from the image library. Describe "
            "what the image shows for people who cannot see it, in one or two sentences. Do "
            "not start with “Image of”."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        value_class = ImageValue
        description = _("A picture with a text alternative (required) and an optional caption.")

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        alt_text = value.alt
        if not alt_text:
            error = ValidationError(
                _(
                    "Describe the image for people who cannot see it: type alt text here, or "
                    "add a description to the image in the image library."
                )
            )
        elif _LOOKS_LIKE_FILE_NAME.search(alt_text):
            error = ValidationError(_("Describe what the image shows, not its file name."))
        else:
            error = None
        if error:
            raise StructBlockValidationError(block_errors={"alt_text": error})
        return value

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        return self.normalize(
            {
                "image": image,
                "alt_text": "A peer worker shows a naloxone nasal spray kit to a visitor.",
                "caption": "Every kit comes with instructions in English and Spanish.",
            }
        )


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Video address"), help_text=_("A YouTube or Vimeo link to the video.")
    )
    title = blocks.CharBlock(
        label=_("Video title"),
        max_length=200,
        help_text=_("What the video is about; also read out by screen readers."),
    )
    transcript = RichTextBlock(
        label=_("Transcript"),
        help_text=_("Everything that is said and shown, for people who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "url": "https://video.example.org/naloxone-nasal-spray",
            "title": "How to give naloxone nasal spray",
            "transcript": "<p>Lay the person on their back. Tilt their head back, insert the "
            "nozzle into one nostril and press the plunger.</p>",
        }
        description = _("A video with its full transcript (required).")

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        transcript = value.get("transcript")
        text = strip_tags(transcript.source if transcript else "")
        error = _require(text, _("Add a transcript so everyone can follow the video."))
        if error:
            raise StructBlockValidationError(block_errors={"transcript": error})
        return value


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("key_point", _("Key point")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="key_point",
    )
    text = RichTextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "kind": "key_point",
            "text": "<p>Naloxone cannot hurt someone who has not taken opioids. "
            "When in doubt, give it.</p>",
        }
        description = _("A highlighted key point, warning or tip.")


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    vignette = RichTextBlock(label=_("Scenario"), help_text=_("A short, realistic situation."))
    prompt = blocks.TextBlock(
        label=_("Reflection prompt"),
        max_length=REFLECTION_PROMPT_MAX_LENGTH,
        help_text=_("A question for the learner. Their answer is private to them."),
    )

    class Meta:
        icon = "user"
        label = _("Scenario")
        template = "blocks/scenario.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "A visit to the drop-in",
            "vignette": "<p>Jo comes to the drop-in for supplies and mentions they were "
            "“out of it” last night after using alone.</p>",
            "prompt": "What would you say to Jo first, and why?",
        }
        description = _("A situation to think about, with a private reflection box.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave blank to use the document's title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A handout or form people can download.")

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("-created_at").first()
        return self.normalize(
            {
                "document": document,
                "title": "Overdose response card",
                "description": "A pocket card with the steps of overdose response.",
            }
        )


class ContentNoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Content note"),
        max_length=500,
        help_text=_("Tell people what is coming, e.g. “This section describes an overdose death.”"),
    )

    class Meta:
        icon = "info-circle"
        label = _("Content note")
        template = "blocks/content_note.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "The next section describes a fatal overdose."}
        description = _("A gentle heads-up before difficult material.")


class QuotedExampleBlock(blocks.StructBlock):
    """Words quoted on purpose, e.g. a stigmatizing phrase a lesson teaches people to replace.

    The curriculum's language check skips these blocks; the page marks them as quotations.
    """

    text = blocks.TextBlock(label=_("Quoted words"), max_length=1000)

    class Meta:
        icon = "openquote"
        label = _("Quoted example")
        template = "blocks/quoted_example.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "“She's been clean for a year.”"}
        description = _("An example of language to avoid, shown as a quotation.")


class LanguageTableBlock(blocks.StaticBlock):
    """The tables of terms to avoid and what to say instead, from the one shared word list.

    One table per category (labels, words that judge in records, words that depend on who is
    speaking), each under its own sub-section heading: place the block after a section heading.
    """

    class Meta:
        icon = "table"
        label = _("Words to use instead (table)")
        template = "blocks/language_table.html"
        preview_template = PREVIEW_TEMPLATE
        admin_text = _("Shows the table of terms and their person-first alternatives.")
        description = _("The substitution table of stigmatizing terms and what to say instead.")

    def get_context(self, value, parent_context=None):
        from .curriculum.language import term_groups

        context = super().get_context(value, parent_context=parent_context)
        # The list of the page's language: Spanish pages show the Spanish words.
        context["groups"] = term_groups(get_language())
        return context


class LessonStreamBlock(blocks.StreamBlock):
    """Everything a lesson body can hold. Reused by any page type that shows lesson content."""

    rich_text = RichTextBlock()
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    scenario = ScenarioBlock()
    document = DocumentBlock()
    content_note = ContentNoteBlock()
    quoted_example = QuotedExampleBlock()
    language_table = LanguageTableBlock()


# Assessments -----------------------------------------------------------------------------
# These blocks are data, not page content: quiz and evaluation templates draw them. Each item
# of a StreamField has a stable id (a UUID kept across edits), which answers, snapshots and
# reports use to point at a choice or a statement.

CHOICE_TEXT_MAX_LENGTH = 300
CHOICE_FEEDBACK_MAX_LENGTH = 500
STATEMENT_MAX_LENGTH = 200


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=CHOICE_TEXT_MAX_LENGTH)
    correct = blocks.BooleanBlock(label=_("This answer is correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        max_length=CHOICE_FEEDBACK_MAX_LENGTH,
        help_text=_("Shown at review to people who picked this answer. Say why, kindly."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")
        form_classname = "answer-choice"
        description = _("One possible answer, marked correct or not, with optional feedback.")


class AnswerChoicesBlock(blocks.StreamBlock):
    choice = AnswerChoiceBlock()

    class Meta:
        min_num = 2
        max_num = 8


class LikertStatementsBlock(blocks.StreamBlock):
    statement = blocks.CharBlock(
        label=_("Statement"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_("Learners rate it from “Strongly disagree” to “Strongly agree”."),
    )

    class Meta:
        min_num = 1
        max_num = 15

"""Lesson blocks: each renders its preview value with its template; validation for access."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from courses.blocks import ImageBlock, LessonStreamBlock, VideoBlock
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db

STREAM = LessonStreamBlock()


@pytest.mark.parametrize("name", list(STREAM.child_blocks))
def test_every_block_has_a_template_a_preview_and_a_description(name):
    block = STREAM.child_blocks[name]

    assert block.meta.template == f"blocks/{name}.html"
    assert block.is_previewable
    assert block.get_description()
    html = block.render(block.get_preview_value())
    assert html.strip()


def test_an_image_renders_a_lazy_rendition_with_its_alt_text_and_size():
    image = Image.objects.create(title="Kit", file=get_test_image_file(size=(1200, 600)))
    block = ImageBlock()

    html = block.render(
        block.to_python({"image": image.pk, "alt_text": "A naloxone kit on a table", "caption": ""})
    )

    assert 'alt="A naloxone kit on a table"' in html
    assert 'loading="lazy"' in html
    assert 'width="800" height="400"' in html


@pytest.mark.parametrize("alt_text", ["", "   ", "IMG_2034.jpg"])
def test_an_image_needs_real_alt_text(alt_text):
    image = Image.objects.create(title="Kit", file=get_test_image_file())
    block = ImageBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": alt_text, "caption": ""}))


def test_a_video_needs_a_transcript():
    block = VideoBlock()
    value = block.to_python(
        {"url": "https://video.example.org/v/1", "title": "Naloxone", "transcript": "<p></p>"}
    )

    with pytest.raises(ValidationError):
        block.clean(value)


def test_a_video_renders_a_link_and_its_transcript_without_calling_the_provider():
    block = VideoBlock()
    value = block.to_python(
        {
            "url": "https://video.example.org/v/1",
            "title": "Giving naloxone",
            "transcript": "<p>Tilt the head back.</p>",
        }
    )

    html = block.render(value)

    assert 'href="https://video.example.org/v/1"' in html
    assert "Tilt the head back." in html
    assert "<iframe" not in html


def test_a_video_shows_the_player_when_the_provider_answers(settings, monkeypatch):
    from wagtail.embeds import embeds

    class FakeEmbed:
        html = '<iframe title="Giving naloxone" src="https://player.example.org/1"></iframe>'

    settings.COURSES_VIDEO_EMBEDS = True
    monkeypatch.setattr(embeds, "get_embed", lambda url: FakeEmbed())
    block = VideoBlock()
    value = block.to_python(
        {"url": "https://video.example.org/v/1", "title": "T", "transcript": "<p>Words.</p>"}
    )

    html = block.render(value)

    assert "<iframe" in html
    assert "Words." in html


def test_text_a_trainer_types_into_plain_fields_is_escaped():
    html = STREAM.child_blocks["content_note"].render({"text": "<b>Heads up</b>"})

    assert "&lt;b&gt;Heads up&lt;/b&gt;" in html


def test_rich_text_renders_as_html():
    html = STREAM.child_blocks["rich_text"].render(RichText("<p>Hello <b>there</b></p>"))

    assert "<b>there</b>" in html


@pytest.mark.parametrize("name", ["callout", "scenario", "image"])
def test_the_block_picker_preview_renders_in_the_admin(client, cms_trainer, name):
    from courses.models import LessonPage

    block = LessonPage._meta.get_field("body").stream_block.child_blocks[name]
    sign_in_with_mfa(client, cms_trainer)

    response = client.get("/cms/block-preview/", {"id": block.definition_prefix})

    assert response.status_code == 200
    assert "css/site.css" in response.content.decode()


# Alt text typed once: the image's description is the block's default ------------------------

DESCRIPTION = "A peer worker hands a naloxone kit to a visitor at the drop-in."


def library_image(description: str = DESCRIPTION) -> Image:
    return Image.objects.create(
        title="IMG_2034.jpg", description=description, file=get_test_image_file()
    )


def test_an_image_with_no_alt_text_typed_uses_its_description(client, learner, catalog):
    from tests.courses.conftest import enrol, make_course, make_lesson

    image = library_image()
    course = make_course(catalog, "Kits", lessons=0)
    lesson = make_lesson(
        course, "Kits", body=[("image", {"image": image, "alt_text": "", "caption": ""})]
    )
    enrol(learner, course)
    client.force_login(learner)

    html = client.get(lesson.url).content.decode()

    assert f'alt="{DESCRIPTION}"' in html
    assert "IMG_2034" not in html.split("<main", 1)[1]  # never the title (the file name)


def test_alt_text_typed_in_the_block_wins_over_the_description():
    block = ImageBlock()
    value = block.to_python(
        {"image": library_image().pk, "alt_text": "The kit's nasal spray, close up", "caption": ""}
    )

    html = block.render(block.clean(value))

    assert 'alt="The kit&#x27;s nasal spray, close up"' in html
    assert DESCRIPTION not in html


def test_an_image_without_a_description_still_needs_alt_text_typed():
    block = ImageBlock()
    value = block.to_python({"image": library_image("").pk, "alt_text": "", "caption": ""})

    with pytest.raises(ValidationError) as raised:
        block.clean(value)

    assert "add a description to the image in the image library" in str(
        raised.value.as_json_data()["blockErrors"]["alt_text"]
    )


def test_a_description_that_is_a_file_name_is_not_alt_text():
    block = ImageBlock()
    value = block.to_python({"image": library_image("kit.jpg").pk, "alt_text": "", "caption": ""})

    with pytest.raises(ValidationError):
        block.clean(value)


def submit_lesson_with_image(client, course, image, alt_text: str):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from courses.models import LessonPage
    from tests.courses.test_authoring import add_url, form_data

    url = add_url(LessonPage, course)
    values = {"title": "Kits", "slug": "kits"}
    values.update(
        nested_form_data(
            {
                "body": streamfield(
                    [("image", {"image": str(image.pk), "alt_text": alt_text, "caption": ""})]
                )
            }
        )
    )
    data = form_data(client, url, **values)
    data["action-submit"] = "action-submit"
    return client.post(url, data)


def test_the_editor_refuses_an_image_with_neither_alt_text_nor_description(
    client, cms_trainer, course
):
    from courses.models import LessonPage

    sign_in_with_mfa(client, cms_trainer)

    response = submit_lesson_with_image(client, course, library_image(""), alt_text="")

    assert response.status_code == 200
    assert "add a description to the image in the image library" in response.content.decode()
    assert not LessonPage.objects.filter(slug="kits").exists()


def test_the_editor_accepts_an_image_whose_description_gives_the_alt_text(
    client, cms_trainer, course
):
    from courses.models import LessonPage

    sign_in_with_mfa(client, cms_trainer)

    response = submit_lesson_with_image(client, course, library_image(), alt_text="")

    assert response.status_code == 302
    draft = LessonPage.objects.get(slug="kits").get_latest_revision_as_object()
    assert draft.body[0].value.alt == DESCRIPTION

"""Replace Wagtail's welcome page with Open Door's home page as the site root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("lms", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(depth=2, content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="lms", model="homepage")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="Open Door",
        draft_title="Open Door",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="Free training for the harm-reduction workforce: learn at your pace, "
        "on your phone, and earn a certificate.",
    )
    root = Page.objects.get(depth=1)
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Open Door"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("lms", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]

"""Create the course catalog under the home page and put it under clinical review.

Idempotent: an existing catalog, task or workflow is reused. Trainers (no publish permission)
submit courses to the "Clinical review" workflow; members of Reviewers approve and publish.
"""

from django.db import migrations
from django.utils import timezone

CATALOG_TITLE = "Courses"
CATALOG_SLUG = "courses"
WORKFLOW_NAME = "Clinical review"
REVIEWERS = "Reviewers"

# django-treebeard's materialized path: four base-36 digits per level.
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    index = int(last.path[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _step(index)


def create_catalog(apps, Page, ContentType):
    CatalogPage = apps.get_model("courses", "CatalogPage")
    HomePage = apps.get_model("lms", "HomePage")

    catalog = CatalogPage.objects.order_by("path").first()
    if catalog is not None:
        return catalog
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None

    slug = CATALOG_SLUG
    siblings = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if siblings.filter(slug=slug).exists():
        slug = f"{CATALOG_SLUG}-catalog"
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="catalogpage")
    now = timezone.now()
    catalog = CatalogPage.objects.create(
        title=CATALOG_TITLE,
        draft_title=CATALOG_TITLE,
        slug=slug,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        intro="Free, self-paced courses for people who work in harm reduction.",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return catalog


def create_workflow(apps, ContentType, catalog):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=task_type, active=True
        )
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=catalog.pk, defaults={"workflow": workflow})


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    catalog = create_catalog(apps, Page, ContentType)
    if catalog is not None:
        create_workflow(apps, ContentType, catalog)


def backwards(apps, schema_editor):
    # The catalog may hold courses by now; leave the tree alone, only detach the workflow.
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("lms", "0002_home_page"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

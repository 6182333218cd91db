"""Create the site-wide roles as groups, with their Wagtail permissions.

Trainers may add and edit pages (and submit them for review) but not publish; Reviewers may
publish; Site admins may also manage organizations and users.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEARNERS, TRAINERS, REVIEWERS, SITE_ADMINS = "Learners", "Trainers", "Reviewers", "Site admins"

AUTHOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
REVIEWER_PAGE_PERMISSIONS = AUTHOR_PAGE_PERMISSIONS + ["publish_page", "bulk_delete_page"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
SITE_ADMIN_MODEL_PERMISSIONS = {
    "accounts": ["add_organization", "change_organization", "delete_organization",
                 "view_organization", "add_user", "change_user", "view_user"],
    "auth": ["view_group"],
}


def ensure_permissions_exist(apps):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    access_admin = permission("wagtailadmin", "access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    Group.objects.get_or_create(name=LEARNERS)
    for name, page_permissions in [
        (TRAINERS, AUTHOR_PAGE_PERMISSIONS),
        (REVIEWERS, REVIEWER_PAGE_PERMISSIONS),
        (SITE_ADMINS, REVIEWER_PAGE_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
        for app_label, codenames in MEDIA_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(app_label, codename),
                )
    site_admins = Group.objects.get(name=SITE_ADMINS)
    for app_label, codenames in SITE_ADMIN_MODEL_PERMISSIONS.items():
        for codename in codenames:
            site_admins.permissions.add(permission(app_label, codename))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[LEARNERS, TRAINERS, REVIEWERS, SITE_ADMINS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

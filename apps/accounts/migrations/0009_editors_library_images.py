"""Editors also look through authors' image libraries and delete from them in the admin: images
are content, like posts. Nobody adds or changes one there (authors upload their own on
/dashboard/images/), so only view and delete are given. Created as in 0002.
"""

from django.db import migrations

GROUP_NAME = "Editors"
ACTIONS = ("delete", "view")


def _permissions(apps, alias: str) -> list:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.using(alias).get_or_create(
        app_label="blog", model="libraryimage"
    )
    return [
        Permission.objects.using(alias).get_or_create(
            content_type=content_type,
            codename=f"{action}_libraryimage",
            defaults={"name": f"Can {action} library image"},
        )[0]
        for action in ACTIONS
    ]


def editors_manage_library_images(apps, schema_editor):
    alias = schema_editor.connection.alias
    group, _ = apps.get_model("auth", "Group").objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps, alias))


def editors_without_library_images(apps, schema_editor):
    alias = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_editors_pages_site_settings")]

    operations = [
        migrations.RunPython(editors_manage_library_images, editors_without_library_images)
    ]

"""Editors also manage the static pages and the site settings (title, description, footer text):
content, like posts, not people. Created as in 0002: the blog's permissions are made here if
post_migrate has not made them yet. Site settings are never deleted (the admin refuses), so
that permission is not given.
"""

from django.db import migrations

GROUP_NAME = "Editors"
# model name -> (verbose name, actions)
BLOG_MODELS = {
    "page": ("page", ("add", "change", "delete", "view")),
    "sitesettings": ("site settings", ("add", "change", "view")),
}


def _permissions(apps, alias: str) -> list:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model, (verbose_name, actions) in BLOG_MODELS.items():
        content_type, _ = ContentType.objects.using(alias).get_or_create(
            app_label="blog", model=model
        )
        for action in actions:
            permission, _ = Permission.objects.using(alias).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)
    return permissions


def editors_manage_pages_and_site_settings(apps, schema_editor):
    alias = schema_editor.connection.alias
    group, _ = apps.get_model("auth", "Group").objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps, alias))


def editors_without_pages_and_site_settings(apps, schema_editor):
    alias = schema_editor.connection.alias
    group = apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_user_avatar")]

    operations = [
        migrations.RunPython(
            editors_manage_pages_and_site_settings, editors_without_pages_and_site_settings
        )
    ]

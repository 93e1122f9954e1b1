"""The "Editors" role: manage every post, tag and comment; no access to users.

Groups and permissions live in `default`, so this runs in the accounts app (the router skips it
on `blog_db`, where the auth tables do not exist). The blog's content types and permissions are
normally created by post_migrate, after all migrations; they are created here if they do not
exist yet, with the same codenames and names Django would give them.
"""

from django.db import migrations

GROUP_NAME = "Editors"
BLOG_MODELS = {"post": "post", "tag": "tag", "comment": "comment"}  # model name -> verbose name
ACTIONS = ("add", "change", "delete", "view")


def create_editors_group(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    permissions = []
    for model, verbose_name in BLOG_MODELS.items():
        content_type, _ = ContentType.objects.using(alias).get_or_create(
            app_label="blog", model=model
        )
        for action in ACTIONS:
            permission, _ = Permission.objects.using(alias).get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)
    group, _ = Group.objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def delete_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]

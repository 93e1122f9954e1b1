"""Merge tags whose names differ only in case ("Django", "django") before 0006 forbids them.

The oldest tag of each group stays, with its name and slug; the posts of the others move to it.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

BATCH_SIZE = 500


def merge_tags_differing_in_case(apps, schema_editor):
    alias = schema_editor.connection.alias
    tag_model = apps.get_model("blog", "Tag")
    tags = tag_model.objects.using(alias).annotate(lowered=Lower("name"))
    post_tags = apps.get_model("blog", "Post").tags.through.objects.using(alias)
    shared = tags.order_by().values("lowered").annotate(count=Count("pk")).filter(count__gt=1)
    grouped = tags.filter(lowered__in=shared.values("lowered")).order_by("pk")
    kept: dict[str, int] = {}
    merged_into: dict[int, int] = {}
    for tag_id, lowered in grouped.values_list("pk", "lowered"):
        kept_id = kept.setdefault(lowered, tag_id)
        if kept_id != tag_id:
            merged_into[tag_id] = kept_id
    moved = post_tags.filter(tag_id__in=merged_into).values_list("post_id", "tag_id")
    post_tags.bulk_create(
        [post_tags.model(post_id=post_id, tag_id=merged_into[tag_id]) for post_id, tag_id in moved],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,  # the post had the kept tag already
    )
    tag_model.objects.using(alias).filter(pk__in=merged_into).delete()


class Migration(migrations.Migration):
    dependencies = [("blog", "0004_post_search_document")]

    operations = [
        migrations.RunPython(merge_tags_differing_in_case, migrations.RunPython.noop),
    ]

"""Shift the headings of stored post bodies to start at <h2>, as `Post.body_render` now does,
so no post page has a second <h1>. Only bodies with a heading other than <h2> at the top change.
"""

from django.db import migrations

from apps.blog.headings import headings_under_title

BATCH_SIZE = 500


def shift_headings(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    posts = Post.objects.using(schema_editor.connection.alias)
    batch = []
    candidates = posts.filter(body_html__regex=r"<h[13-6][ >]").only("body_html")
    for post in candidates.iterator(chunk_size=BATCH_SIZE):
        shifted = headings_under_title(post.body_html)
        if shifted != post.body_html:
            post.body_html = shifted
            batch.append(post)
        if len(batch) == BATCH_SIZE:
            posts.bulk_update(batch, ["body_html"])
            batch = []
    posts.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_tag_name_unique_whatever_case")]

    operations = [migrations.RunPython(shift_headings, migrations.RunPython.noop, elidable=True)]

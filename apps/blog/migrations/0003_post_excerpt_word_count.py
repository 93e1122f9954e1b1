"""Store each post's excerpt and word count, derived from its body as `Post.body_render` does.

Lists then read neither `body` nor `body_html`. Existing posts are filled in batches.
"""

from django.db import migrations, models

from apps.blog.rendering import excerpt_from_html

BATCH_SIZE = 500


def fill_excerpt_and_word_count(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    posts = Post.objects.using(schema_editor.connection.alias).only("body", "body_html")
    batch = []
    for post in posts.iterator(chunk_size=BATCH_SIZE):
        post.excerpt = excerpt_from_html(post.body_html)
        post.word_count = len(post.body.split())
        batch.append(post)
        if len(batch) == BATCH_SIZE:
            Post.objects.using(schema_editor.connection.alias).bulk_update(
                batch, ["excerpt", "word_count"]
            )
            batch = []
    Post.objects.using(schema_editor.connection.alias).bulk_update(batch, ["excerpt", "word_count"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0002_post_search_index")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="excerpt",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="word_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(
            fill_excerpt_and_word_count, migrations.RunPython.noop, elidable=True
        ),
    ]

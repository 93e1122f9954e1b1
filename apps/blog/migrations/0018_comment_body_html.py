"""Store each comment's body as HTML, derived as `Comment.body_render` does (escaped, blank lines
as paragraphs, other line breaks as `<br>`), so a page of comments is not rendered again from
plain text on every request. Existing comments are filled in batches.
"""

from django.db import migrations, models

from apps.blog.models.comments import comment_body_html

BATCH_SIZE = 500


def fill_body_html(apps, schema_editor):
    comments = apps.get_model("blog", "Comment").objects.using(schema_editor.connection.alias)
    batch = []
    for comment in comments.only("body").iterator(chunk_size=BATCH_SIZE):
        comment.body_html = comment_body_html(comment.body)
        batch.append(comment)
        if len(batch) == BATCH_SIZE:
            comments.bulk_update(batch, ["body_html"])
            batch = []
    comments.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0017_post_tags_newest_of_tag_index")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_body_html, migrations.RunPython.noop, elidable=True),
    ]

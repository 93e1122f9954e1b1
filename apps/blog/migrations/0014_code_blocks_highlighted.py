"""Render again the stored bodies of posts and pages that hold fenced code, so code written
before server-side highlighting is highlighted as `Post.body_render` now does. Only rows whose
Markdown has a fence are read, and only those whose HTML changes are written; `updated_at` stays
(a re-render is no edit).
"""

from django.db import migrations
from django.db.models import Q

from apps.blog.headings import headings_under_title
from apps.blog.rendering import excerpt_from_html, render_markdown

BATCH_SIZE = 200
FENCED = Q(body__contains="```") | Q(body__contains="~~~")


def rows_rendered_again(rows, fields: list[str]) -> None:
    batch = []
    for row in rows.filter(FENCED).only("body", *fields).iterator(chunk_size=BATCH_SIZE):
        body_html = headings_under_title(render_markdown(row.body))
        if body_html == row.body_html:
            continue
        row.body_html = body_html
        if "excerpt" in fields:
            row.excerpt = excerpt_from_html(body_html)
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            rows.bulk_update(batch, fields)
            batch = []
    rows.bulk_update(batch, fields)


def highlight_code_blocks(apps, schema_editor):
    alias = schema_editor.connection.alias
    rows_rendered_again(
        apps.get_model("blog", "Post").objects.using(alias), ["body_html", "excerpt"]
    )
    rows_rendered_again(apps.get_model("blog", "Page").objects.using(alias), ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("blog", "0013_comment_awaiting_approval")]

    operations = [
        migrations.RunPython(highlight_code_blocks, migrations.RunPython.noop, elidable=True)
    ]

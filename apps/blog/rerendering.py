"""Render stored bodies again, for data migrations that follow a change to the rendering pipeline.

Only the rows `where` selects are read, and only those whose HTML changes are written, in
batches; `updated_at` stays (a re-render is no edit). Works on the historical models a migration
is given: `rows` is a manager or queryset of a Post or a Page model.
"""

from django.db.models import Q

from apps.blog.headings import headings_under_title
from apps.blog.rendering import excerpt_from_html, render_markdown

BATCH_SIZE = 200


def bodies_rendered_again(rows, where: Q) -> None:
    fields = ["body_html", "excerpt"] if hasattr(rows.model, "excerpt") else ["body_html"]
    batch = []
    for row in rows.filter(where).only("body", *fields).iterator(chunk_size=BATCH_SIZE):
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

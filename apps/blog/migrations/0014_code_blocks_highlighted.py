"""Render again the stored bodies of posts and pages that hold fenced code, so code written
before server-side highlighting is highlighted as `Post.body_render` now does. Only rows whose
Markdown has a fence are read, and only those whose HTML changes are written; `updated_at` stays
(a re-render is no edit).
"""

from django.db import migrations
from django.db.models import Q

from apps.blog.rerendering import bodies_rendered_again

FENCED = Q(body__contains="```") | Q(body__contains="~~~")


def highlight_code_blocks(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model in ("Post", "Page"):
        bodies_rendered_again(apps.get_model("blog", model).objects.using(alias), FENCED)


class Migration(migrations.Migration):
    dependencies = [("blog", "0013_comment_awaiting_approval")]

    operations = [
        migrations.RunPython(highlight_code_blocks, migrations.RunPython.noop, elidable=True)
    ]

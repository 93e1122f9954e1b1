"""Render again the stored bodies of posts and pages that hold a code block, so each block is a
keyboard tab stop (`<pre tabindex="0">`) as `Post.body_render` now writes it; other bodies, and
`updated_at`, are kept.
"""

from django.db import migrations
from django.db.models import Q

from apps.blog.rerendering import bodies_rendered_again

HOLDS_CODE_BLOCK = Q(body_html__contains="<pre")


def code_blocks_focusable(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model in ("Post", "Page"):
        bodies_rendered_again(apps.get_model("blog", model).objects.using(alias), HOLDS_CODE_BLOCK)


class Migration(migrations.Migration):
    dependencies = [("blog", "0015_library_image")]

    operations = [
        migrations.RunPython(code_blocks_focusable, migrations.RunPython.noop, elidable=True)
    ]

"""An index on the post-tag links by tag, then post: a tag's most recent posts (the highest ids)
read backwards from it and stop, which is how related posts find their candidates
(apps/blog/related_posts.py, `post_list_related`). The through table is Django's own (no model in
the migration state), hence SQL; both PostgreSQL and SQLite accept it as written.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0016_code_blocks_focusable"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX post_tags_tag_post_idx ON blog_post_tags (tag_id, post_id)",
            reverse_sql="DROP INDEX post_tags_tag_post_idx",
        ),
    ]

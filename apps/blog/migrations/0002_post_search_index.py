"""GIN index for full-text search over title and body (PostgreSQL only).

Replaced by a stored tsvector column and its index in 0004. On SQLite (local runs) search falls
back to icontains and there is nothing to create.
"""

from django.db import migrations

INDEX_NAME = "post_search_gin_idx"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON blog_post USING gin "
    "((to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))))"
)
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]

    operations = [migrations.RunPython(create_search_index, drop_search_index, elidable=False)]

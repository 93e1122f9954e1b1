"""Full-text search over a stored tsvector column (PostgreSQL only), replacing 0002's index.

0002 indexed an expression, so every match was ranked by computing `to_tsvector` of its whole
body again (bench/HISTORY.md). A generated column computes the document
once per write; the GIN index moves onto it. `apps.blog.selectors` names the column. The model
does not declare it (SQLite, for local runs, has no tsvector), so Django never writes it.
"""

from django.db import migrations

ADD_COLUMN = (
    "ALTER TABLE blog_post ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))) STORED"
)
CREATE_INDEX = "CREATE INDEX post_search_document_idx ON blog_post USING gin (search_document)"
DROP_EXPRESSION_INDEX = "DROP INDEX IF EXISTS post_search_gin_idx"
DROP_COLUMN = "ALTER TABLE blog_post DROP COLUMN IF EXISTS search_document"  # and its index
CREATE_EXPRESSION_INDEX = (
    "CREATE INDEX IF NOT EXISTS post_search_gin_idx ON blog_post USING gin "
    "((to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))))"
)


def search_column_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in (ADD_COLUMN, CREATE_INDEX, DROP_EXPRESSION_INDEX):
            schema_editor.execute(statement)


def search_column_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in (DROP_COLUMN, CREATE_EXPRESSION_INDEX):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_post_excerpt_word_count")]

    operations = [migrations.RunPython(search_column_add, search_column_drop, elidable=False)]

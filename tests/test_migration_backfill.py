"""Migration blog.0003 fills the stored excerpt and word count of posts written before it.

The other tests start from empty databases, so this one migrates a scratch `blog_db` to 0002,
writes posts the way that schema stored them, and migrates on.
"""

import psycopg
import pytest

from apps.blog.rendering import excerpt_from_html
from support.scratch import migrate_blog, scratch_database_urls

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

BATCH_SIZE = 500  # the migration's; one post more crosses a batch boundary
BODY = "Harbour lights at *dawn* &amp; the boats come home. " * 20
BODY_HTML = "<p>Harbour lights at <em>dawn</em> &amp; the boats come home. </p>" * 20


def test_posts_written_before_0003_get_their_excerpt_and_word_count(django_db_blocker):
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        migrate_blog(urls, "0002")
        with psycopg.connect(urls["BLOG_DATABASE_URL"], autocommit=True) as connection:
            connection.execute(
                "INSERT INTO blog_post (title, slug, author_id, body, body_html, status,"
                " published_at, is_welcome, created_at, updated_at)"
                " SELECT 'Post ' || n, 'post-' || n, 1, %s, %s, 'published', now(), false,"
                " now(), now() FROM generate_series(1, %s) AS n",
                [BODY, BODY_HTML, BATCH_SIZE + 1],
            )
        migrate_blog(urls, "0003")
        with psycopg.connect(urls["BLOG_DATABASE_URL"]) as connection:
            rows = connection.execute("SELECT excerpt, word_count FROM blog_post").fetchall()
    assert len(rows) == BATCH_SIZE + 1
    assert set(rows) == {(excerpt_from_html(BODY_HTML), len(BODY.split()))}
    assert rows[0][0].startswith("Harbour lights at dawn & the boats")

"""Migration blog.0018 stores the HTML of every comment written before it, as
`Comment.body_render` now does on save: escaped, paragraphs and line breaks kept."""

import psycopg
import pytest

from support.scratch import migrate_blog, scratch_database_urls

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

BATCH_SIZE = 500  # the migration's; one comment more crosses a batch boundary
BODY = '<script>alert("x")</script> & more\nline two\n\nparagraph'
BODY_HTML = (
    "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more<br>line two</p>\n\n"
    "<p>paragraph</p>"
)


def test_comments_written_before_0018_get_their_html(django_db_blocker):
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        migrate_blog(urls, "0017")
        with psycopg.connect(urls["BLOG_DATABASE_URL"], autocommit=True) as connection:
            post_id = connection.execute(
                "INSERT INTO blog_post (title, slug, author_id, body, body_html, excerpt,"
                " word_count, status, is_welcome, created_at, updated_at, cover_image)"
                " VALUES ('Post', 'post', 1, '', '', '', 0, 'published', false, now(), now(), '')"
                " RETURNING id"
            ).fetchone()[0]
            connection.execute(
                "INSERT INTO blog_comment (post_id, author_id, body, is_visible,"
                " awaiting_approval, created_at)"
                " SELECT %s, 1, %s, true, false, now() FROM generate_series(1, %s)",
                [post_id, BODY, BATCH_SIZE + 1],
            )
        migrate_blog(urls, "0018")
        with psycopg.connect(urls["BLOG_DATABASE_URL"]) as connection:
            rows = connection.execute("SELECT body, body_html FROM blog_comment").fetchall()
    assert len(rows) == BATCH_SIZE + 1
    assert set(rows) == {(BODY, BODY_HTML)}

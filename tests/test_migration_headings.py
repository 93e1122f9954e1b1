"""Migration blog.0007 shifts the headings of stored bodies as `Post.body_render` now does."""

import psycopg
import pytest

from support.scratch import migrate_blog, scratch_database_urls

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

STORED = {
    "top-h1": ("<h1>A</h1>\n<p>x</p>\n<h2>B</h2>", "<h2>A</h2>\n<p>x</p>\n<h3>B</h3>"),
    "top-h2": ("<h2>A</h2>\n<h3>B</h3>", "<h2>A</h2>\n<h3>B</h3>"),
    "none": ("<p>Plain <em>text</em></p>", "<p>Plain <em>text</em></p>"),
}


def test_stored_bodies_get_their_headings_under_the_title(django_db_blocker):
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        migrate_blog(urls, "0006")
        with psycopg.connect(urls["BLOG_DATABASE_URL"], autocommit=True) as connection:
            for slug, (body_html, _) in STORED.items():
                connection.execute(
                    "INSERT INTO blog_post (title, slug, author_id, body, body_html, excerpt,"
                    " word_count, status, is_welcome, created_at, updated_at)"
                    " VALUES (%s, %s, 1, '', %s, '', 0, 'draft', false, now(), now())",
                    [slug, slug, body_html],
                )
        migrate_blog(urls, "0007")
        with psycopg.connect(urls["BLOG_DATABASE_URL"]) as connection:
            stored = dict(connection.execute("SELECT slug, body_html FROM blog_post").fetchall())
    assert stored == {slug: expected for slug, (_, expected) in STORED.items()}

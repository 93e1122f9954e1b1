"""Migration blog.0005 merges tags whose names differ only in case, so 0006 can forbid them.

Migrates a scratch `blog_db` to 0004, writes look-alike tags the way that schema allowed, and
migrates on.
"""

import psycopg
import pytest

from support.scratch import migrate_blog, scratch_database_urls

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_tags_differing_in_case_are_merged_into_the_oldest(django_db_blocker):
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        migrate_blog(urls, "0004")
        with psycopg.connect(urls["BLOG_DATABASE_URL"], autocommit=True) as connection:
            connection.execute(
                "INSERT INTO blog_tag (id, name, slug) VALUES (1, 'django', 'django'),"
                " (2, 'Django', 'django-2'), (3, 'DJANGO', 'django-3'), (4, 'python', 'python')"
            )
            connection.execute(
                "INSERT INTO blog_post (id, title, slug, author_id, body, body_html, excerpt,"
                " word_count, status, is_welcome, created_at, updated_at)"
                " SELECT n, 'Post ' || n, 'post-' || n, 1, '', '', '', 0, 'draft', false,"
                " now(), now() FROM generate_series(1, 3) AS n"
            )
            # Post 1 has two spellings, post 2 only a later one, post 3 another tag.
            connection.execute(
                "INSERT INTO blog_post_tags (post_id, tag_id) VALUES (1, 1), (1, 2), (2, 3), (3, 4)"
            )
        migrate_blog(urls, "0006")
        with psycopg.connect(urls["BLOG_DATABASE_URL"]) as connection:
            tags = connection.execute("SELECT id, name, slug FROM blog_tag ORDER BY id").fetchall()
            links = connection.execute(
                "SELECT post_id, tag_id FROM blog_post_tags ORDER BY post_id, tag_id"
            ).fetchall()
            with pytest.raises(psycopg.errors.UniqueViolation):
                connection.execute("INSERT INTO blog_tag (name, slug) VALUES ('PYTHON', 'p')")
    assert tags == [(1, "django", "django"), (4, "python", "python")]
    assert links == [(1, 1), (2, 1), (3, 4)]

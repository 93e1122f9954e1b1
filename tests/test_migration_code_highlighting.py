"""Migration blog.0014 renders again the stored bodies that hold fenced code, so code saved before
server-side highlighting is highlighted; other bodies are left as they are."""

import psycopg
import pytest

from support.scratch import migrate_blog, scratch_database_urls

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

FENCED_PYTHON = "Before\n\n```python\nprint('hi')\n```\n"
# (Markdown, HTML stored before highlighting)
POSTS = {
    "backticks": (FENCED_PYTHON, "<p>Before</p>\n<pre><code>print('hi')\n</code></pre>"),
    "tildes": ("~~~sql\nSELECT 1;\n~~~\n", "<pre><code>SELECT 1;\n</code></pre>"),
    "no-language": ("```\nplain\n```\n", "<pre><code>plain\n</code></pre>"),
    # No fence: kept exactly, even HTML a fresh render would change.
    "prose": ("Just *prose*.", "<p>Stored long ago</p>"),
}


def _insert(connection, table: str, slug: str, body: str, body_html: str) -> None:
    if table == "blog_post":
        connection.execute(
            "INSERT INTO blog_post (title, slug, author_id, body, body_html, excerpt, word_count,"
            " status, is_welcome, created_at, updated_at, cover_image)"
            " VALUES (%s, %s, 1, %s, %s, 'old excerpt', 0, 'draft', false, now(),"
            " '2020-01-01T00:00Z', '')",
            [slug, slug, body, body_html],
        )
    else:
        connection.execute(
            "INSERT INTO blog_page (title, slug, body, body_html, status, updated_at)"
            " VALUES (%s, %s, %s, %s, 'draft', now())",
            [slug, slug, body, body_html],
        )


def bodies_migrated(
    django_db_blocker, *, before: str, to: str, posts: dict, page: tuple[str, str]
) -> tuple[dict[str, tuple[str, str, str]], str]:
    """`posts` ({slug: (Markdown, HTML)}) and one page stored at migration `before`, read back
    after migrating to `to`: each post's HTML, excerpt and year of `updated_at`, and the page's
    HTML."""
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        migrate_blog(urls, before)
        with psycopg.connect(urls["BLOG_DATABASE_URL"], autocommit=True) as connection:
            for slug, (body, body_html) in posts.items():
                _insert(connection, "blog_post", slug, body, body_html)
            _insert(connection, "blog_page", "about", *page)
        migrate_blog(urls, to)
        with psycopg.connect(urls["BLOG_DATABASE_URL"]) as connection:
            stored = {
                slug: (body_html, excerpt, str(updated_at.year))
                for slug, body_html, excerpt, updated_at in connection.execute(
                    "SELECT slug, body_html, excerpt, updated_at FROM blog_post"
                )
            }
            page_html = connection.execute("SELECT body_html FROM blog_page").fetchone()[0]
    return stored, page_html


def test_stored_code_blocks_are_highlighted_and_other_bodies_kept(django_db_blocker):
    posts, page_html = bodies_migrated(
        django_db_blocker, before="0013", to="0014", posts=POSTS, page=POSTS["backticks"]
    )
    highlighted = '<pre class="highlight" tabindex="0"><code><span class="nb">print</span>'
    assert posts["backticks"][0].startswith("<p>Before</p>\n" + highlighted)
    assert posts["backticks"][1:] == ("Before print('hi')", "2020")
    assert posts["tildes"][0].startswith(
        '<pre class="highlight" tabindex="0"><code><span class="k">SELECT'
    )
    assert posts["no-language"][0] == '<pre tabindex="0"><code>plain\n</code></pre>'
    assert posts["prose"] == ("<p>Stored long ago</p>", "old excerpt", "2020")
    assert page_html.startswith("<p>Before</p>\n" + highlighted)

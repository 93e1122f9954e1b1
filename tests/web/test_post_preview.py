"""The post form's Preview button: the post rendered as saving would render it, nothing written.

And what the form tells the browser's scripts (static/js/): which forms hold unsaved data, and
which save went through (docs/writing.md).
"""

import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.blog.caching.version import content_version_get
from apps.blog.editor import SAVED_COOKIE
from apps.blog.headings import headings_under_title
from apps.blog.models import Post, Tag
from apps.blog.rendering import render_markdown
from apps.blog.site_content import site_content
from tests.factories import PostFactory, TagFactory, UserFactory
from tests.web.helpers import form_values, live_markup, post_form, staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

BODY = "# Section\n\nSome *Markdown* with `code`.\n\n```python\nprint('hi')\n```\n"
HOSTILE_BODY = (
    "<script>alert(1)</script>\n\n[link](javascript:alert(1))\n\n"
    '<img src="x" onerror="alert(1)">\n\n<a href="https://example.com/" style="x">ok</a>'
)
WRITE = ("INSERT", "UPDATE", "DELETE")


def preview_of(client, url: str, **fields):
    return client.post(url, {**post_form(**fields), "preview": "1"})


def preview_section(html: str) -> str:
    match = re.search(r'<section class="post-preview".*?</section>', html, re.DOTALL)
    assert match, "no preview on the page"
    return match.group(0)


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITE)]


# --- What a preview shows -------------------------------------------------------------------


def test_preview_shows_the_body_rendered_as_a_save_would_and_keeps_the_form(client, author):
    response = preview_of(
        client, reverse("post_create"), title="Seen first", body=BODY, tags="Django, new one"
    )
    assert response.status_code == 200
    html = response.content.decode()
    section = preview_section(html)
    assert headings_under_title(render_markdown(BODY)) in section
    assert '<h2 class="post-title">Seen first</h2>' in section
    assert "#django" in section and "#new one" in section
    submitted = form_values(html)
    assert submitted["title"] == "Seen first"
    assert submitted["body"] == BODY
    assert submitted["tags"] == "Django, new one"


def test_preview_saves_nothing(client, author):
    TagFactory(name="django")
    with CaptureQueriesContext(connections["blog_db"]) as blog:
        response = preview_of(client, reverse("post_create"), tags="django, brand new")
    assert response.status_code == 200
    assert writes(blog) == []
    assert not Post.objects.exists()
    assert list(Tag.objects.values_list("name", flat=True)) == ["django"]
    assert SAVED_COOKIE not in response.cookies


def test_preview_of_an_edit_leaves_the_post_and_its_cached_page_alone(client, author, page_cache):
    post = PostFactory(author=author, title="Stored", body="Stored *body*.")
    post.tags.add(TagFactory(name="kept"))
    assert "Stored <em>body</em>" in client.get(post.get_absolute_url()).content.decode()
    site_content()  # kept by the first page reading it alone (the post page reads it with its post)
    version, entries = content_version_get(), len(page_cache)

    edit_url = reverse("post_edit", args=[post.slug])
    with CaptureQueriesContext(connections["blog_db"]) as blog:
        response = preview_of(client, edit_url, title="Changed", body="Changed *body*.", tags="x")
    assert response.status_code == 200
    assert "Changed <em>body</em>" in preview_section(response.content.decode())
    assert writes(blog) == []
    assert (content_version_get(), len(page_cache)) == (version, entries)

    post.refresh_from_db()
    assert (post.title, post.body) == ("Stored", "Stored *body*.")
    assert [tag.name for tag in post.tags.all()] == ["kept"]
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Stored <em>body</em>" in page and "Changed" not in page


def test_preview_is_sanitised_like_the_post_page(client, author):
    response = preview_of(client, reverse("post_create"), body=HOSTILE_BODY)
    assert response.status_code == 200
    section = preview_section(response.content.decode())
    assert live_markup(section) == []
    assert headings_under_title(render_markdown(HOSTILE_BODY)) in section
    assert "onerror" not in section and "javascript:" not in section


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "draft"}, "Draft"),
        ({"published_at": "2999-01-02T03:04"}, "Scheduled for 2 Jan 2999, 03:04 UTC"),
    ],
)
def test_preview_says_when_the_post_would_not_be_public(client, author, fields, expected):
    response = preview_of(client, reverse("post_create"), **fields)
    assert response.status_code == 200
    assert expected in preview_section(response.content.decode())


def test_preview_of_a_public_post_shows_no_badge(client, author):
    section = preview_section(preview_of(client, reverse("post_create")).content.decode())
    assert "badge" not in section


def test_preview_of_an_invalid_form_shows_its_errors_and_no_preview(client, author):
    response = preview_of(client, reverse("post_create"), title="", body="Kept *text*.")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert 'class="post-preview"' not in html
    assert form_values(html)["body"] == "Kept *text*."
    assert not Post.objects.exists()


def test_save_after_a_preview_saves_what_was_previewed(client, author):
    url = reverse("post_create")
    shown = form_values(preview_of(client, url, title="Previewed", body=BODY).content.decode())
    response = client.post(url, shown)
    post = Post.objects.get(title="Previewed")
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.body_html == headings_under_title(render_markdown(BODY))


# --- Who may preview ------------------------------------------------------------------------


def test_preview_needs_login(client):
    response = preview_of(client, reverse("post_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Post.objects.exists()


def test_preview_of_someone_elses_post(client):
    post = PostFactory(title="Theirs")
    draft = PostFactory(title="Their draft", draft=True)
    client.force_login(UserFactory())
    assert preview_of(client, reverse("post_edit", args=[post.slug])).status_code == 403
    assert preview_of(client, reverse("post_edit", args=[draft.slug])).status_code == 404
    client.force_login(staff_with("change_post"))
    response = preview_of(client, reverse("post_edit", args=[draft.slug]), body="Staff *edit*.")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.body != "Staff *edit*."


# --- Queries --------------------------------------------------------------------------------

SITE = 1  # base.html's site settings and navigation (tests/web/test_query_counts.py)
# The preview's rate limit: ended windows deleted, the account's counter upserted in a savepoint.
RATE_LIMIT = 4


def preview_queries(client, url: str, *, tags: int) -> dict[str, int]:
    names = ", ".join(f"tag {number}" for number in range(tags))
    with (
        CaptureQueriesContext(connections["default"]) as people,
        CaptureQueriesContext(connections["blog_db"]) as blog,
    ):
        response = preview_of(client, url, tags=names)
    assert response.status_code == 200
    return {"default": len(people), "blog_db": len(blog)}


def test_preview_queries_do_not_grow_with_tags(client, author):
    url = reverse("post_create")
    # The session and the user; no query for the preview itself.
    assert preview_queries(client, url, tags=1) == {"default": 2 + RATE_LIMIT, "blog_db": SITE}
    assert preview_queries(client, url, tags=10) == {"default": 2 + RATE_LIMIT, "blog_db": SITE}


def test_preview_of_an_edit_queries_do_not_grow_with_tags(client, author):
    post = PostFactory(author=author)
    post.tags.add(*TagFactory.create_batch(10))
    url = reverse("post_edit", args=[post.slug])
    # The post with its author, and its stored tags (the form's initial values).
    assert preview_queries(client, url, tags=1) == {"default": 3 + RATE_LIMIT, "blog_db": 2 + SITE}
    assert preview_queries(client, url, tags=10) == {"default": 3 + RATE_LIMIT, "blog_db": 2 + SITE}


# --- What the form tells the browser's scripts --------------------------------------------------


def test_only_a_form_sent_back_unsaved_is_marked_unsaved(client, author):
    url = reverse("post_create")
    assert "data-unsaved" not in client.get(url).content.decode()
    assert "data-unsaved" in preview_of(client, url).content.decode()
    assert "data-unsaved" in client.post(url, post_form(title="")).content.decode()


def test_the_save_button_comes_first_so_enter_saves(client, author):
    html = client.get(reverse("post_create")).content.decode()
    buttons = re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', html)
    assert buttons[-2:] == ["Save post", "Preview"]


def test_a_save_marks_the_forms_path_saved(client, author):
    post = PostFactory(author=author, title="Grüße")
    response = client.post(reverse("post_edit", args=[post.slug]), post_form(title="Grüße"))
    assert response.status_code == 302
    cookie = response.cookies[SAVED_COOKIE]
    assert cookie.value == "1"
    assert cookie["path"] == "/posts/gr%C3%BC%C3%9Fe/edit/"
    assert cookie["samesite"] == "Lax"
    assert not cookie["httponly"]
    response = client.post(reverse("post_create"), post_form())
    assert response.cookies[SAVED_COOKIE]["path"] == "/posts/new/"


def test_a_form_error_does_not_mark_the_form_saved(client, author):
    response = client.post(reverse("post_create"), post_form(body=""))
    assert response.status_code == 200
    assert SAVED_COOKIE not in response.cookies

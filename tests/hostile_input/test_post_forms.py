"""Hostile post forms: invalid ones store nothing, odd text and slow Markdown are stored and
every page showing them answers."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from apps.blog.models import Post
from tests.hostile_input.corpus import (
    CONTROL,
    HUGE,
    NUL,
    ODD_TEXT,
    PATHOLOGICAL_MARKDOWN,
    TOO_DEEP,
    XSS,
    assert_answered_cleanly,
    overrides_id,
    post_payload,
    row_counts,
)

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "   "},
        {"title": "t" * 201},
        {"title": NUL},
        {"body": ""},
        {"body": HUGE},
        {"body": NUL},
        {"body": "x" * 100_001},
        *({"body": body} for body in TOO_DEEP),
        *({field: text} for field in ("title", "body", "tags") for text in CONTROL),
        {"status": "archived"},
        {"status": ""},
        {"published_at": "tomorrow"},
        {"published_at": "2024-13-45T25:61"},
        {"published_at": "99999-01-01T00:00"},
        {"published_at": NUL},
        {"tags": NUL},
        {"tags": "t" * 5000},
        {"tags": ", ".join(f"tag{n}" for n in range(100))},
        {"tags": "!!!, ???"},
    ],
    ids=overrides_id,
)
@pytest.mark.parametrize("target", ["create", "edit"])
def test_invalid_post_forms_re_render_and_store_nothing(client, world, overrides, target):
    client.force_login(world["author"])
    url = (
        reverse("post_create") if target == "create" else world["post"].get_absolute_url() + "edit/"
    )
    before = row_counts()
    title_before = Post.objects.get(pk=world["post"].pk).title
    response = client.post(url, post_payload(**overrides))
    assert response.status_code == 200, "an invalid form re-renders with its errors"
    assert response.context["form"].errors
    assert row_counts() == before
    assert Post.objects.get(pk=world["post"].pk).title == title_before


@pytest.mark.parametrize("text", ODD_TEXT + XSS)
def test_odd_and_hostile_text_is_stored_and_every_page_showing_it_answers(client, world, text):
    client.force_login(world["author"])
    tag = f"t{text}"[:30]
    response = client.post(
        reverse("post_create"), post_payload(title=text[:200], body=text, tags=tag)
    )
    if response.status_code == 200:  # a tag with nothing sluggable is a form error, not a 500
        assert response.context["form"].errors
        return
    assert response.status_code == 302
    post = Post.objects.order_by("-id").first()
    assert post.title == text.strip()[:200]
    pages = [post.get_absolute_url(), "/", "/authors/writer/", "/feed/", "/sitemap.xml"]
    pages += [tag.get_absolute_url() for tag in post.tags.all()]
    pages.append("/search/?" + urlencode({"q": text}))
    for page in pages:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize(
    "body", PATHOLOGICAL_MARKDOWN, ids=lambda body: f"{body[:3]!r}x{len(body)}"
)
def test_pathological_markdown_is_saved_and_every_page_showing_it_answers(client, world, body):
    assert len(body) <= 100_000
    client.force_login(world["author"])
    response = client.post(reverse("post_create"), post_payload(body=body))
    assert response.status_code == 302
    post = Post.objects.order_by("-id").first()
    assert post.body == body.strip()
    for page in [post.get_absolute_url(), "/", "/authors/writer/", "/feed/"]:
        assert client.get(page).status_code == 200, page


def test_invalid_utf8_in_a_form_body_is_not_a_500(client, world):
    client.force_login(world["author"])
    before = row_counts()
    response = client.post(
        reverse("post_create"),
        data=b"title=%FF%FE&body=%C3%28&tags=%80&status=published",
        content_type="application/x-www-form-urlencoded",
    )
    assert_answered_cleanly(response, "invalid UTF-8")
    assert row_counts()[1] - before[1] <= 1

"""Authors: the dashboard, writing a post (fields, tags, bad input), its slug."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.blog.models import Post, Tag
from apps.blog.services import tag_names_parse
from tests.factories import PostFactory, TagFactory
from tests.web.helpers import form_values, post_form

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


# --- Dashboard ----------------------------------------------------------------------------------


def test_dashboard_lists_own_posts_with_drafts_and_scheduled(client, author):
    PostFactory(author=author, title="My public post")
    PostFactory(author=author, title="My draft", draft=True)
    PostFactory(
        author=author, title="My scheduled", published_at=timezone.now() + timedelta(days=3)
    )
    PostFactory(title="Not mine")
    html = client.get(reverse("dashboard")).content.decode()
    for title in ("My public post", "My draft", "My scheduled"):
        assert title in html
    assert "Not mine" not in html
    assert "Draft" in html and "Scheduled" in html and "Published" in html


def test_dashboard_needs_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Create -------------------------------------------------------------------------------------


def test_create_post_form_has_the_contract_field_names(client, author):
    html = client.get(reverse("post_create")).content.decode()
    for name in ("title", "body", "tags", "status", "published_at"):
        assert f'name="{name}"' in html


def test_create_a_published_post(client, author):
    response = client.post(
        reverse("post_create"), post_form(title="Hello there", tags=" Django, databases ,django,, ")
    )
    post = Post.objects.get(title="Hello there")
    assert response["Location"] == post.get_absolute_url()
    assert post.author_id == author.pk
    assert post.is_public
    assert post.body_html == "<p>Some <em>Markdown</em>.</p>"
    assert sorted(tag.name for tag in post.tags.all()) == ["databases", "django"]


def test_create_a_draft_stays_private(client, author):
    client.post(reverse("post_create"), post_form(title="Drafty", status="draft"))
    post = Post.objects.get(title="Drafty")
    assert post.status == "draft" and not post.is_public
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_create_a_scheduled_post(client, author):
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.post(
        reverse("post_create"),
        post_form(title="Later", published_at=when.strftime("%Y-%m-%dT%H:%M")),
    )
    post = Post.objects.get(title="Later")
    assert post.published_at == when
    assert not post.is_public
    assert post.pk not in Post.objects.published().values_list("pk", flat=True)


def test_tags_are_reused_not_duplicated(client, author):
    existing = TagFactory(name="python")
    client.post(reverse("post_create"), post_form(title="One", tags="PYTHON, New Tag"))
    post = Post.objects.get(title="One")
    assert existing in post.tags.all()
    assert Tag.objects.filter(name="new tag").count() == 1
    assert Tag.objects.get(name="new tag").slug == "new-tag"


def test_existing_tags_match_whatever_their_case(client, author):
    stored = TagFactory(name="PostgreSQL")
    client.post(reverse("post_create"), post_form(title="Case", tags="postgresql, POSTGRESQL"))
    post = Post.objects.get(title="Case")
    assert list(post.tags.all()) == [stored]
    assert Tag.objects.count() == 1


def test_tag_names_parse_normalises():
    assert tag_names_parse("  A,  b  c ,a,, B   C,") == ["a", "b c"]
    assert tag_names_parse("") == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"title": "nul\x00byte"}, "title"),
        ({"body": ""}, "body"),
        ({"body": "b" * 100_001}, "body"),
        ({"status": "archived"}, "status"),
        ({"status": ""}, "status"),
        ({"published_at": "not a date"}, "published_at"),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, "tags"),
        ({"tags": "x" * 51}, "tags"),
        ({"tags": "!!!, ???"}, "tags"),
        ({"tags": "t," * 400}, "tags"),
    ],
)
def test_create_rejects_bad_input_with_a_form_error(client, author, overrides, field):
    response = client.post(reverse("post_create"), post_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Post.objects.filter(author_id=author.pk).exists()


def test_empty_create_form_shows_errors(client, author):
    response = client.post(reverse("post_create"), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "body", "status"}


def test_create_needs_login(client):
    response = client.post(reverse("post_create"), post_form())
    assert response.status_code == 302
    assert not Post.objects.exists()


# --- Edit -------------------------------------------------------------------------------------


def atom_published(client, post: Post) -> str:
    root = ElementTree.fromstring(client.get(reverse("feed")).content)
    for entry in root.iter("{http://www.w3.org/2005/Atom}entry"):
        if entry.findtext("{http://www.w3.org/2005/Atom}title") == post.title:
            return entry.findtext("{http://www.w3.org/2005/Atom}published")
    raise AssertionError(f"{post.title} is not in the feed")


def test_editing_keeps_the_publication_time_to_the_microsecond(client, author):
    published_at = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    post = PostFactory(author=author, title="Timed", published_at=published_at)
    feed_before = atom_published(client, post)
    edit_url = reverse("post_edit", args=[post.slug])
    submitted = form_values(client.get(edit_url).content.decode())
    assert submitted["published_at"] == "2025-03-04T05:06"  # the widget's minute precision
    response = client.post(edit_url, {**submitted, "body": "Edited *body*."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Edited *body*."
    assert post.published_at == published_at
    assert atom_published(client, post) == feed_before == "2025-03-04T05:06:07.891011+00:00"


def test_editing_the_publication_time_changes_it(client, author):
    post = PostFactory(author=author, published_at=datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    edit_url = reverse("post_edit", args=[post.slug])
    submitted = form_values(client.get(edit_url).content.decode())
    client.post(edit_url, {**submitted, "published_at": "2025-03-04T05:07"})
    post.refresh_from_db()
    assert post.published_at == datetime(2025, 3, 4, 5, 7, tzinfo=UTC)


# --- Slugs --------------------------------------------------------------------------------------


def test_slugs_are_unique_readable_and_unicode(client, author):
    for _ in range(3):
        client.post(reverse("post_create"), post_form(title="Grüße aus Köln"))
    slugs = sorted(Post.objects.values_list("slug", flat=True))
    assert slugs == ["grüße-aus-köln", "grüße-aus-köln-2", "grüße-aus-köln-3"]
    for slug in slugs:
        assert client.get(reverse("post_detail", args=[slug])).status_code == 200


def test_slug_is_stable_when_the_title_changes(client, author):
    post = PostFactory(author=author, title="First title")
    client.post(reverse("post_edit", args=[post.slug]), post_form(title="Second title"))
    post.refresh_from_db()
    assert post.title == "Second title"
    assert post.slug == "first-title"


def test_a_post_titled_new_does_not_shadow_the_create_page(client, author):
    client.post(reverse("post_create"), post_form(title="New"))
    post = Post.objects.get(title="New")
    assert post.slug != "new"
    assert client.get(post.get_absolute_url()).status_code == 200


def test_titles_without_letters_still_get_a_slug(client, author):
    client.post(reverse("post_create"), post_form(title="!!!"))
    post = Post.objects.get(title="!!!")
    assert post.slug
    assert client.get(post.get_absolute_url()).status_code == 200

"""Authors: dashboard, create, edit, delete; tags and slugs; who may change what; comments."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from apps.blog.models import Comment, Post, Tag
from apps.blog.services import tag_names_parse
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def _form(**overrides) -> dict:
    return {
        "title": "A title",
        "body": "Some *Markdown*.",
        "tags": "",
        "status": "published",
        "published_at": "",
        **overrides,
    }


def _staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no stale permission cache


@pytest.fixture
def author(client):
    user = UserFactory()
    client.force_login(user)
    return user


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
        reverse("post_create"), _form(title="Hello there", tags=" Django, databases ,django,, ")
    )
    post = Post.objects.get(title="Hello there")
    assert response["Location"] == post.get_absolute_url()
    assert post.author_id == author.pk
    assert post.is_public
    assert post.body_html == "<p>Some <em>Markdown</em>.</p>"
    assert sorted(tag.name for tag in post.tags.all()) == ["databases", "django"]


def test_create_a_draft_stays_private(client, author):
    client.post(reverse("post_create"), _form(title="Drafty", status="draft"))
    post = Post.objects.get(title="Drafty")
    assert post.status == "draft" and not post.is_public
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_create_a_scheduled_post(client, author):
    when = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.post(
        reverse("post_create"),
        _form(title="Later", published_at=when.strftime("%Y-%m-%dT%H:%M")),
    )
    post = Post.objects.get(title="Later")
    assert post.published_at == when
    assert not post.is_public
    assert post.pk not in Post.objects.published().values_list("pk", flat=True)


def test_tags_are_reused_not_duplicated(client, author):
    existing = TagFactory(name="python")
    client.post(reverse("post_create"), _form(title="One", tags="PYTHON, New Tag"))
    post = Post.objects.get(title="One")
    assert existing in post.tags.all()
    assert Tag.objects.filter(name="new tag").count() == 1
    assert Tag.objects.get(name="new tag").slug == "new-tag"


def test_existing_tags_match_whatever_their_case(client, author):
    stored = TagFactory(name="PostgreSQL")
    client.post(reverse("post_create"), _form(title="Case", tags="postgresql, POSTGRESQL"))
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
    response = client.post(reverse("post_create"), _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Post.objects.filter(author_id=author.pk).exists()


def test_empty_create_form_shows_errors(client, author):
    response = client.post(reverse("post_create"), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "body", "status"}


def test_create_needs_login(client):
    response = client.post(reverse("post_create"), _form())
    assert response.status_code == 302
    assert not Post.objects.exists()


# --- Slugs --------------------------------------------------------------------------------------


def test_slugs_are_unique_readable_and_unicode(client, author):
    for _ in range(3):
        client.post(reverse("post_create"), _form(title="Grüße aus Köln"))
    slugs = sorted(Post.objects.values_list("slug", flat=True))
    assert slugs == ["grüße-aus-köln", "grüße-aus-köln-2", "grüße-aus-köln-3"]
    for slug in slugs:
        assert client.get(reverse("post_detail", args=[slug])).status_code == 200


def test_slug_is_stable_when_the_title_changes(client, author):
    post = PostFactory(author=author, title="First title")
    client.post(reverse("post_edit", args=[post.slug]), _form(title="Second title"))
    post.refresh_from_db()
    assert post.title == "Second title"
    assert post.slug == "first-title"


def test_a_post_titled_new_does_not_shadow_the_create_page(client, author):
    client.post(reverse("post_create"), _form(title="New"))
    post = Post.objects.get(title="New")
    assert post.slug != "new"
    assert client.get(post.get_absolute_url()).status_code == 200


def test_titles_without_letters_still_get_a_slug(client, author):
    client.post(reverse("post_create"), _form(title="!!!"))
    post = Post.objects.get(title="!!!")
    assert post.slug
    assert client.get(post.get_absolute_url()).status_code == 200


# --- Edit and delete permissions ---------------------------------------------------------------


def test_author_edits_own_post(client, author):
    post = PostFactory(author=author, title="Before")
    post.tags.add(TagFactory(name="old"))
    page = client.get(reverse("post_edit", args=[post.slug])).content.decode()
    assert 'value="Before"' in page and 'value="old"' in page
    response = client.post(
        reverse("post_edit", args=[post.slug]),
        _form(title="After", body="New body", tags="fresh", status="draft"),
    )
    assert response["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert (post.title, post.body, post.status) == ("After", "New body", "draft")
    assert [tag.name for tag in post.tags.all()] == ["fresh"]


def test_edit_with_bad_input_changes_nothing(client, author):
    post = PostFactory(author=author, title="Kept")
    response = client.post(reverse("post_edit", args=[post.slug]), _form(title=""))
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title == "Kept"


@pytest.mark.parametrize("view", ["post_edit", "post_delete"])
def test_other_users_get_403_on_public_posts_and_404_on_drafts(client, view):
    public = PostFactory()
    draft = PostFactory(draft=True)
    client.force_login(UserFactory())
    assert client.get(reverse(view, args=[public.slug])).status_code == 403
    assert client.post(reverse(view, args=[public.slug]), _form()).status_code == 403
    assert client.get(reverse(view, args=[draft.slug])).status_code == 404
    assert client.post(reverse(view, args=[draft.slug]), _form()).status_code == 404
    assert Post.objects.filter(pk__in=[public.pk, draft.pk]).count() == 2
    public.refresh_from_db()
    assert public.title != "A title"


@pytest.mark.parametrize("view", ["post_edit", "post_delete"])
def test_anonymous_users_are_sent_to_login(client, view):
    post = PostFactory()
    response = client.post(reverse(view, args=[post.slug]), _form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Post.objects.filter(pk=post.pk).exists()


def test_staff_without_the_change_permission_cannot_edit(client):
    post = PostFactory()
    client.force_login(_staff_with("view_post"))
    assert client.get(reverse("post_edit", args=[post.slug])).status_code == 403


def test_staff_with_the_change_permission_can_edit_and_delete(client):
    post = PostFactory(title="Staff target")
    draft = PostFactory(draft=True)
    client.force_login(_staff_with("change_post"))
    assert client.get(reverse("post_edit", args=[draft.slug])).status_code == 200
    client.post(reverse("post_edit", args=[post.slug]), _form(title="Moderated"))
    post.refresh_from_db()
    assert post.title == "Moderated"
    client.post(reverse("post_delete", args=[post.slug]))
    assert not Post.objects.filter(pk=post.pk).exists()


def test_delete_asks_first_then_deletes_with_comments(client, author):
    post = PostFactory(author=author)
    CommentFactory(post=post)
    page = client.get(reverse("post_delete", args=[post.slug]))
    assert page.status_code == 200
    assert Post.objects.filter(pk=post.pk).exists()
    response = client.post(reverse("post_delete", args=[post.slug]))
    assert response["Location"] == reverse("dashboard")
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(post_id=post.pk).exists()


@pytest.mark.parametrize("view", ["post_edit", "post_delete", "post_detail"])
def test_unknown_slugs_are_404(client, author, view):
    assert client.get(reverse(view, args=["no-such-post"])).status_code == 404


# --- Comments -----------------------------------------------------------------------------------


def test_signed_in_reader_comments(client):
    post = PostFactory()
    reader = UserFactory(display_name="Reader One")
    client.force_login(reader)
    response = client.post(post.get_absolute_url(), {"body": "  First!\nSecond line  "})
    comment = Comment.objects.get(post=post)
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author_id, comment.body) == (reader.pk, "First!\nSecond line")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "First!<br>Second line" in html and "Reader One" in html


def test_anonymous_comment_goes_to_login(client):
    post = PostFactory()
    response = client.post(post.get_absolute_url(), {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "c" * 5001, "nul\x00byte"])
def test_bad_comments_are_form_errors(client, body):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(post.get_absolute_url(), {"body": body})
    assert response.status_code == 400
    assert "body" in response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_cannot_comment_on_someone_elses_draft(client):
    post = PostFactory(draft=True)
    client.force_login(UserFactory())
    assert client.post(post.get_absolute_url(), {"body": "Sneaky"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("who", ["comment_author", "post_author", "staff"])
def test_comment_removal_by_the_allowed_people(client, who):
    comment = CommentFactory()
    post = comment.post
    user = {
        "comment_author": comment.author,
        "post_author": post.author,
        "staff": _staff_with("delete_comment"),
    }[who]
    client.force_login(user)
    url = reverse("comment_delete", args=[post.slug, comment.pk])
    assert f'href="{url}"' in client.get(post.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == post.get_absolute_url()
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_comment_removal_refused_for_others(client):
    comment = CommentFactory()
    url = reverse("comment_delete", args=[comment.post.slug, comment.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory())
    assert "Remove" not in client.get(comment.post.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))  # staff without the permission
    assert client.post(url).status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_comment_removal_needs_the_matching_post(client):
    comment = CommentFactory()
    other = PostFactory()
    client.force_login(comment.author)
    url = reverse("comment_delete", args=[other.slug, comment.pk])
    assert client.post(url).status_code == 404
    assert client.post(reverse("comment_delete", args=[other.slug, 999999999])).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()

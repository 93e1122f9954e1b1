"""The user admin shows each user's blog content from blog_db; the Editors role."""

import pytest
from django.contrib.auth.models import Group, Permission

from apps.accounts.models import User
from apps.blog.models import (
    SITE_SETTINGS_PK,
    Comment,
    LibraryImage,
    Page,
    Post,
    SiteSettings,
    Tag,
)
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.images.helpers import library_image

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture
def alice():
    alice = UserFactory(username="alice")
    first = PostFactory(author=alice, title="Alice's first post")
    PostFactory(author=alice, title="Alice's draft", draft=True)
    CommentFactory(post=first, body="A reply from someone else")
    CommentFactory(author=alice, body="Alice commenting elsewhere")
    return alice


# --- Change page ------------------------------------------------------------------------------


def test_user_change_page_lists_their_posts_with_admin_links(admin_client, alice):
    PostFactory(title="Someone else's post")
    response = admin_client.get(admin_url(User, "change", alice.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for post in Post.objects.filter(author_id=alice.pk):
        assert f'<a href="{admin_url(Post, "change", post.pk)}">{post.title}' in html.replace(
            "&#x27;", "'"
        )
    assert "Someone else" not in html
    assert "2 posts and" in html and "1 comment by this user" in html
    assert f"{admin_url(Post, 'changelist')}?author={alice.pk}" in html


def test_user_change_page_without_blog_content(admin_client):
    user = UserFactory()
    response = admin_client.get(admin_url(User, "change", user.pk))
    assert "0 posts and" in response.content.decode()


def test_user_profile_fields_are_editable(admin_client, alice):
    response = admin_client.get(admin_url(User, "change", alice.pk))
    form = response.context["adminform"].form
    assert {"display_name", "bio"} <= set(form.fields)


def test_user_change_page_shows_the_welcome_post_marker_read_only(admin_client, alice):
    response = admin_client.get(admin_url(User, "change", alice.pk))
    adminform = response.context["adminform"]
    assert [fieldset.name for fieldset in adminform][-1] == "Blog"
    assert "welcome_post_seeded_at" in adminform.readonly_fields
    assert "welcome_post_seeded_at" not in adminform.form.fields


def test_user_list_shows_blog_counts_and_deletes_blog_content_too(admin_client, alice):
    response = admin_client.get(admin_url(User, "changelist"))
    html = response.content.decode()
    assert "column-post_count" in html and "column-comment_count" in html
    assert "Delete selected users and their blog content" in html


# --- Delete confirmation pages ---------------------------------------------------------------


def assert_lists_blog_content(html: str, user) -> None:
    html = html.replace("&#x27;", "'")
    for post in Post.objects.filter(author_id=user.pk):
        assert f'Post: <a href="{admin_url(Post, "change", post.pk)}">{post.title}</a>' in html
    comments = Comment.objects.filter(author_id=user.pk) | Comment.objects.filter(
        post__author_id=user.pk
    )
    assert comments.count() == 2
    for comment in comments:
        assert f'Comment: <a href="{admin_url(Comment, "change", comment.pk)}">' in html
        assert comment.body in html


def test_user_delete_page_lists_their_blog_content(admin_client, alice):
    response = admin_client.get(admin_url(User, "delete", alice.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert_lists_blog_content(html, alice)
    summary = dict(response.context["model_count"])
    assert (summary["posts"], summary["comments"]) == (2, 2)
    assert "deleted right after the user" in html


def test_bulk_user_delete_page_lists_their_blog_content(admin_client, alice):
    bob = UserFactory(username="bob")
    PostFactory(author=bob, title="Bob's post")
    response = admin_client.post(
        admin_url(User, "changelist"),
        {"action": "delete_selected", "_selected_action": [alice.pk, bob.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_lists_blog_content(html, alice)
    assert "Bob's post" in html.replace("&#x27;", "'")
    assert dict(response.context["model_count"])["posts"] == 3


def test_user_delete_page_without_blog_content_has_no_blog_section(admin_client):
    user = UserFactory()
    response = admin_client.get(admin_url(User, "delete", user.pk))
    assert "Blog content in the" not in response.content.decode()
    assert "posts" not in dict(response.context["model_count"])


def test_deleting_a_user_needs_the_blog_delete_permissions(client, alice):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "delete_user"])
    )
    client.force_login(staff)
    response = client.get(admin_url(User, "delete", alice.pk))
    assert response.status_code == 200
    assert set(response.context["perms_lacking"]) == {"post", "comment"}
    assert client.post(admin_url(User, "delete", alice.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=alice.pk).exists()


# --- Editors ---------------------------------------------------------------------------------


EDITABLE = (Post, Tag, Comment)


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_editors_group_is_created_by_the_migration_with_blog_permissions_only():
    group = Group.objects.get(name="Editors")
    permissions = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert permissions == {
        ("blog", f"{action}_{model}")
        for action in ("add", "change", "delete", "view")
        for model in ("post", "tag", "comment", "page")
    } | {("blog", f"{action}_sitesettings") for action in ("add", "change", "view")} | {
        ("blog", f"{action}_libraryimage") for action in ("delete", "view")
    }


def test_editors_manage_pages_and_the_site_settings(editor_client):
    response = editor_client.post(
        admin_url(Page, "add"),
        {"title": "About", "slug": "", "status": "published", "nav_order": "1", "body": "Hi"},
    )
    assert response.status_code == 302
    page = Page.objects.get()
    for view in ("changelist", "change", "delete"):
        url = admin_url(Page, view, page.pk) if view != "changelist" else admin_url(Page, view)
        assert editor_client.get(url).status_code == 200, url
    site = {"title": "Ink", "description": "Essays.", "footer_text": "By hand."}
    assert editor_client.post(admin_url(SiteSettings, "add"), site).status_code == 302
    changed = {**site, "title": "Ink and paper"}
    response = editor_client.post(admin_url(SiteSettings, "change", SITE_SETTINGS_PK), changed)
    assert response.status_code == 302
    assert SiteSettings.objects.get().title == "Ink and paper"
    assert editor_client.get(admin_url(SiteSettings, "delete", SITE_SETTINGS_PK)).status_code == 403
    assert (
        editor_client.post(admin_url(Page, "delete", page.pk), {"post": "yes"}).status_code == 302
    )
    assert not Page.objects.exists()


@pytest.mark.parametrize("model", EDITABLE, ids=lambda model: model._meta.model_name)
def test_editors_manage_posts_tags_and_comments(editor_client, model):
    comment = CommentFactory()
    post = comment.post
    post.tags.create(name="django", slug="django")
    obj = {Post: post, Tag: Tag.objects.get(), Comment: comment}[model]
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "delete", obj.pk),
    ):
        assert editor_client.get(url).status_code == 200, url
    assert (
        editor_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 302
    )
    assert not model.objects.filter(pk=obj.pk).exists()


def test_editors_can_publish(editor_client):
    post = PostFactory(draft=True)
    editor_client.post(
        admin_url(Post, "changelist"), {"action": "publish", "_selected_action": [post.pk]}
    )
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_editors_get_403_on_users(editor_client):
    user = UserFactory()
    for url in (
        admin_url(User, "changelist"),
        admin_url(User, "add"),
        admin_url(User, "change", user.pk),
        admin_url(User, "delete", user.pk),
        admin_url(Group, "changelist"),
    ):
        assert editor_client.get(url).status_code == 403, url
    index = editor_client.get("/admin/").content.decode()
    assert admin_url(Post, "changelist") in index
    assert admin_url(User, "changelist") not in index


def test_editors_can_choose_authors_through_the_autocomplete_only(editor_client):
    # A term no Faker-made name of the other users can contain.
    UserFactory(username="qzxalice")
    query = {"app_label": "blog", "model_name": "post", "field_name": "author", "term": "qzx"}
    response = editor_client.get("/admin/autocomplete/", query)
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["qzxalice"]


@pytest.fixture
def private_person():
    """A user whose e-mail address and names differ from their username."""
    return UserFactory(
        username="plainname",
        email="secret.mailbox@private.example",
        display_name="Hidden Display",
        first_name="Firstsecret",
        last_name="Lastsecret",
    )


@pytest.mark.parametrize("model_name", ["post", "comment"])
@pytest.mark.parametrize("term", ["secret.mail", "private.example", "Hidden", "Firstsecret"])
def test_the_author_autocomplete_matches_only_usernames_for_editors(
    editor_client, private_person, model_name, term
):
    """An editor probing `term` letter by letter must learn nothing but usernames."""
    query = {"app_label": "blog", "model_name": model_name, "field_name": "author"}
    response = editor_client.get("/admin/autocomplete/", {**query, "term": term})
    assert response.status_code == 200
    assert response.json()["results"] == []
    response = editor_client.get("/admin/autocomplete/", {**query, "term": "plainna"})
    assert [result["text"] for result in response.json()["results"]] == ["plainname"]


@pytest.mark.parametrize("model", [Post, Comment], ids=["post", "comment"])
def test_editors_search_rows_by_author_username_not_email(editor_client, private_person, model):
    post = PostFactory(author=private_person, title="Quiet", body="words")
    CommentFactory(post=post, author=private_person, body="words")
    url = admin_url(model, "changelist")
    for term in ("secret.mail", "private.example"):
        response = editor_client.get(url, {"q": term})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [], term
    response = editor_client.get(url, {"q": "plainname"})
    assert [row.author_id for row in response.context["cl"].result_list] == [private_person.pk]


def test_people_who_may_view_users_still_search_by_email(client, private_person):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(staff)
    PostFactory(author=private_person, title="Quiet")
    response = client.get(admin_url(Post, "changelist"), {"q": "secret.mail"})
    assert [post.title for post in response.context["cl"].result_list] == ["Quiet"]
    query = {"app_label": "blog", "model_name": "post", "field_name": "author", "term": "private"}
    response = client.get("/admin/autocomplete/", query)
    assert [result["text"] for result in response.json()["results"]] == ["plainname"]


@pytest.mark.parametrize("codenames", [[], ["view_post"]], ids=["no-perms", "view-only"])
def test_staff_who_cannot_write_posts_cannot_use_the_author_autocomplete(client, codenames):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    query = {"app_label": "blog", "model_name": "post", "field_name": "author", "term": "a"}
    assert client.get("/admin/autocomplete/", query).status_code == 403


def test_long_blog_content_lists_are_cut_with_exact_totals(admin_client, alice, monkeypatch):
    monkeypatch.setattr("apps.blog.admin_users.LISTED_ROWS", 1)
    delete_page = admin_client.get(admin_url(User, "delete", alice.pk)).content.decode()
    assert "… and 1 more post" in delete_page
    assert "… and 1 more comment" in delete_page
    change_page = admin_client.get(admin_url(User, "change", alice.pk)).content.decode()
    assert "2 in all; the newest 1 are listed" in change_page


def test_editors_look_through_image_libraries_and_delete_from_them(editor_client, media_root):
    entry = library_image(UserFactory())
    changelist = admin_url(LibraryImage, "changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(admin_url(LibraryImage, "change", entry.pk)).status_code == 200
    assert editor_client.get(admin_url(LibraryImage, "add")).status_code == 403
    delete = admin_url(LibraryImage, "delete", entry.pk)
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.exists()

"""The Editors role: the blog's content in the admin, no access to users, and authors found by
username only (docs/operations.md, "People and roles in the admin")."""

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


def test_editors_look_through_image_libraries_and_delete_from_them(editor_client, media_root):
    entry = library_image(UserFactory())
    changelist = admin_url(LibraryImage, "changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(admin_url(LibraryImage, "change", entry.pk)).status_code == 200
    assert editor_client.get(admin_url(LibraryImage, "add")).status_code == 403
    delete = admin_url(LibraryImage, "delete", entry.pk)
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.exists()


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

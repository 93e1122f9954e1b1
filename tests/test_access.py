"""No page shows a draft or a scheduled post to anyone but its author and staff who may view
posts (tests/test_staff_permissions.py), and every change to someone else's content is refused
server-side, whatever the request looks like."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from apps.blog.models import Comment, Post
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

HIDDEN_WORD = "zanzibarquux"  # in the hidden posts' titles and bodies, searched for below


@pytest.fixture
def hidden():
    author = UserFactory(username="writer")
    tag = TagFactory(name="secrets")
    public = PostFactory(author=author, title="Public post")
    public.tags.add(tag)
    draft = PostFactory(author=author, draft=True, title=f"Draft {HIDDEN_WORD}", body=HIDDEN_WORD)
    scheduled = PostFactory(
        author=author,
        title=f"Scheduled {HIDDEN_WORD}",
        body=HIDDEN_WORD,
        published_at=timezone.now() + timedelta(days=1),
    )
    for post in (draft, scheduled):
        post.tags.add(tag)
    return {"author": author, "public": public, "draft": draft, "scheduled": scheduled}


LISTING_PAGES = [
    "/",
    "/authors/writer/",
    "/authors/writer/feed/",
    "/tags/secrets/",
    "/tags/secrets/feed/",
    "/feed/",
    "/sitemap.xml",
    f"/search/?q={HIDDEN_WORD}",
]


@pytest.mark.parametrize("viewer", ["anonymous", "reader", "author"])
@pytest.mark.parametrize("page", LISTING_PAGES)
def test_public_listings_never_show_hidden_posts(client, hidden, viewer, page):
    if viewer != "anonymous":
        client.force_login(hidden["author"] if viewer == "author" else UserFactory())
    response = client.get(page)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Public post" in content or page.startswith("/search/") or page == "/sitemap.xml"
    for key in ("draft", "scheduled"):
        assert hidden[key].title not in content  # the search page echoes the query itself
        assert hidden[key].slug not in content


@pytest.mark.parametrize("viewer", ["anonymous", "reader", "author"])
def test_a_tag_only_hidden_posts_use_does_not_exist(client, hidden, viewer):
    # A tag page or feed that answered would tell that a draft or a scheduled post uses it.
    tag = TagFactory(name="unannounced")
    for key in ("draft", "scheduled"):
        hidden[key].tags.add(tag)
    if viewer != "anonymous":
        client.force_login(hidden["author"] if viewer == "author" else UserFactory())
    assert client.get(reverse("tag_detail", args=[tag.slug])).status_code == 404
    assert client.get(reverse("tag_feed", args=[tag.slug])).status_code == 404
    assert tag.slug not in client.get("/sitemap.xml").content.decode()
    # Once one of its posts is public, the tag is public too.
    hidden["public"].tags.add(tag)
    assert client.get(reverse("tag_detail", args=[tag.slug])).status_code == 200
    assert client.get(reverse("tag_feed", args=[tag.slug])).status_code == 200
    assert f"/tags/{tag.slug}/" in client.get("/sitemap.xml").content.decode()


def test_a_tag_without_posts_does_not_exist(client):
    tag = TagFactory(name="orphaned")
    assert client.get(reverse("tag_detail", args=[tag.slug])).status_code == 404
    assert client.get(reverse("tag_feed", args=[tag.slug])).status_code == 404


def test_a_title_taken_by_a_hidden_post_shows_nothing_of_it_but_the_suffix(client, hidden):
    # docs/deployment.md, "Security decisions": the suffix stays, and is all that shows.
    client.force_login(UserFactory())
    form = {"title": hidden["draft"].title, "body": "x", "tags": "", "status": "published"}
    response = client.post(reverse("post_create"), form)
    assert response["Location"] == f"{hidden['draft'].get_absolute_url()[:-1]}-2/"
    page = client.get(response["Location"]).content.decode()
    assert HIDDEN_WORD in page  # the title the guesser typed, not the draft's body
    assert hidden["draft"].get_absolute_url() not in page
    assert client.get(hidden["draft"].get_absolute_url()).status_code == 404


def test_author_pages_answer_for_accounts_without_public_posts(client, hidden):
    # docs/deployment.md, "Security decisions": every account has a page showing what it published.
    quiet = UserFactory(username="quiet", bio="Reads a lot.")
    PostFactory(author=quiet, draft=True, title=f"Unfinished {HIDDEN_WORD}")
    staff = UserFactory(username="staffer", is_staff=True)
    for user in (quiet, staff):
        response = client.get(reverse("author_detail", args=[user.username]))
        assert response.status_code == 200
        assert HIDDEN_WORD not in response.content.decode()
    assert "Reads a lot." in client.get(reverse("author_detail", args=["quiet"])).content.decode()


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_hidden_post_pages_are_404_for_everyone_else(client, hidden, key):
    url = hidden[key].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "sneaky comment"}).status_code == 404
    assert not Comment.objects.filter(post=hidden[key]).exists()


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_author_and_staff_who_may_view_posts_see_hidden_posts(client, hidden, key):
    url = hidden[key].get_absolute_url()
    client.force_login(hidden["author"])
    assert client.get(url).status_code == 200
    assert HIDDEN_WORD in client.get(reverse("dashboard")).content.decode()
    client.force_login(staff_with("view_post"))
    assert client.get(url).status_code == 200


def test_someone_elses_post_cannot_be_changed_by_any_request(client, hidden):
    post = hidden["public"]
    intruder = UserFactory()
    client.force_login(intruder)
    edit = reverse("post_edit", args=[post.slug])
    delete = reverse("post_delete", args=[post.slug])
    payload = {"title": "Hijacked", "body": "x", "tags": "", "status": "published"}
    assert client.get(edit).status_code == 403
    assert client.post(edit, payload).status_code == 403
    assert client.post(delete).status_code == 403
    # Staff without the blog change permission are no better off.
    client.force_login(UserFactory(is_staff=True))
    assert client.post(edit, payload).status_code == 403
    post.refresh_from_db()
    assert post.title == "Public post"
    assert Post.objects.filter(pk=post.pk).exists()


def test_staff_with_the_permission_may_edit(client, hidden):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_post"))
    client.force_login(editor)
    response = client.post(
        reverse("post_edit", args=[hidden["public"].slug]),
        {"title": "Edited by staff", "body": "x", "tags": "", "status": "published"},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=hidden["public"].pk).title == "Edited by staff"


def test_comment_removal_is_checked_on_every_request(client, hidden):
    post = hidden["public"]
    comment = CommentFactory(post=post)
    url = reverse("comment_delete", args=[post.slug, comment.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)
    # A comment id from another post through this post's URL is not found either.
    other = CommentFactory(post=PostFactory(author=UserFactory()))
    client.force_login(hidden["author"])
    crossed = reverse("comment_delete", args=[post.slug, other.pk])
    assert client.post(crossed).status_code == 404
    assert Comment.objects.filter(pk__in=[comment.pk, other.pk]).count() == 2
    # The post's author may remove comments on their own post.
    assert client.post(url).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()

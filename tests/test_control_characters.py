"""Control characters are refused wherever people type text, and never reach the feeds' XML.

XML 1.0 cannot carry them: Django's feed writer raised on one in a title, a body or a display name
(a 500), and wrote one in a tag name unchecked (malformed XML).
"""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.blog.models import Comment, Post, Tag
from tests.admin_helpers import admin_url, form_post_data
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

ATOM = "{http://www.w3.org/2005/Atom}"
# The characters the penetration test used, and the edges of the refused ranges.
CONTROL_CHARACTERS = ["\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\uffff"]


def _error(form, field: str) -> str:
    return " ".join(form.errors[field])


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=repr)
@pytest.mark.parametrize("field", ["title", "body", "tags"])
def test_post_form_refuses_them_and_stores_nothing(client, field, char):
    author = UserFactory()
    client.force_login(author)
    data = {"title": "A title", "body": "A body.", "tags": "news", "status": "published"}
    data[field] = f"bad{char}text"
    response = client.post(reverse("post_create"), data)
    assert response.status_code == 200
    assert f"U+{ord(char):04X}" in _error(response.context["form"], field)
    assert not Post.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=repr)
def test_comment_form_refuses_them(client, char):
    post = PostFactory()
    client.force_login(UserFactory())
    response = client.post(post.get_absolute_url(), {"body": f"bad{char}comment"})
    assert response.status_code == 400  # the post page's answer to an invalid comment
    assert f"U+{ord(char):04X}" in _error(response.context["comment_form"], "body")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=repr)
@pytest.mark.parametrize("field", ["display_name", "bio"])
def test_profile_form_refuses_them(client, field, char):
    user = UserFactory(display_name="Kept", bio="Kept.")
    client.force_login(user)
    data = {"display_name": "Kept", "bio": "Kept."}
    data[field] = f"bad{char}text"
    response = client.post(reverse("profile_edit"), data)
    assert response.status_code == 200
    assert f"U+{ord(char):04X}" in _error(response.context["form"], field)
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Kept", "Kept.")


def test_text_with_tabs_and_newlines_is_accepted(client):
    client.force_login(UserFactory())
    body = "Line one\r\nLine two\n\n\tindented"
    response = client.post(
        reverse("post_create"),
        {"title": "Tabs\tand newlines", "body": body, "tags": "ok", "status": "published"},
    )
    assert response.status_code == 302
    assert Post.objects.get().body == body


# --- The admin refuses them too (model validation) ---------------------------------------------


def _admin_change(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_post_data(client.get(url).context["adminform"].form)
    data.update(changes)
    return client.post(url, data)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: PostFactory(), "title"),
        (lambda: PostFactory(), "body"),
        (lambda: TagFactory(), "name"),
        (lambda: CommentFactory(), "body"),
        (lambda: UserFactory(), "display_name"),
        (lambda: UserFactory(), "bio"),
    ],
    ids=["post-title", "post-body", "tag-name", "comment-body", "display-name", "bio"],
)
@pytest.mark.parametrize("char", ["\x01", "\x07", "\x0b", "\x1b"], ids=repr)
def test_admin_refuses_them(admin_client, make, field, char):
    obj = make()
    before = getattr(obj, field)
    response = _admin_change(admin_client, obj, **{field: f"bad{char}text"})
    assert response.status_code == 200
    assert f"U+{ord(char):04X}" in _error(response.context["adminform"].form, field)
    obj.refresh_from_db()
    assert getattr(obj, field) == before


# --- Rows that got them another way still make valid feeds ----------------------------------


def test_feeds_leave_them_out_of_the_xml(client):
    author = UserFactory(username="ctrl", display_name="Bell\x07 Author")
    tag = TagFactory(name="tag\x01name")
    # Written from code, past the forms and the admin.
    post = PostFactory(author=author, title="Title\x01 here", body="Body \x0b with \x1b escapes")
    post.tags.add(tag)
    for url in ["/feed/", "/authors/ctrl/feed/", f"/tags/{tag.slug}/feed/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        root = ElementTree.fromstring(response.content)  # well-formed XML
        entry = root.find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}title") == "Title here"
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Bell Author"
        assert entry.find(f"{ATOM}category").get("term") == "tagname"
        assert "Body  with  escapes" in entry.findtext(f"{ATOM}summary")
    feed_title = ElementTree.fromstring(client.get("/authors/ctrl/feed/").content).findtext(
        f"{ATOM}title"
    )
    assert feed_title == "Bell Author on Quire"
    assert User.objects.get(pk=author.pk).display_name == "Bell\x07 Author"  # stored as it came

"""Atom feeds (site, author, tag) and the sitemap."""

from xml.etree import ElementTree

import pytest

from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

ATOM = "{http://www.w3.org/2005/Atom}"


def test_site_feed_is_atom_with_published_posts_and_author_names(client):
    PostFactory(title="In the feed", author=UserFactory(display_name="Feed Author"))
    PostFactory(title="Draft not in feed", draft=True)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["In the feed"]
    assert root.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Feed Author"


def test_author_and_tag_feeds_are_scoped(client):
    author = UserFactory(username="scoped")
    tag = TagFactory(name="scoped-tag")
    mine = PostFactory(author=author, title="By scoped")
    tagged = PostFactory(title="Tagged scoped")
    tagged.tags.add(tag)
    PostFactory(title="Neither")

    def titles(url):
        root = ElementTree.fromstring(client.get(url).content)
        return {entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")}

    assert titles("/authors/scoped/feed/") == {mine.title}
    assert titles(f"/tags/{tag.slug}/feed/") == {tagged.title}
    assert client.get("/authors/missing/feed/").status_code == 404
    assert client.get("/tags/missing/feed/").status_code == 404


def test_feed_content_has_absolute_links_and_images(client):
    post = PostFactory(
        title="Links",
        body="[Dashboard](/dashboard/), ![logo](/static/img/logo.png), [below](#notes), "
        "[elsewhere](https://example.org/x).",
    )
    root = ElementTree.fromstring(client.get("/feed/").content)
    content = root.find(f"{ATOM}entry/{ATOM}summary").text
    assert 'href="http://testserver/dashboard/"' in content
    assert 'src="http://testserver/static/img/logo.png"' in content
    assert f'href="http://testserver{post.get_absolute_url()}#notes"' in content
    assert 'href="https://example.org/x"' in content
    assert 'rel="nofollow noopener noreferrer"' in content


def test_sitemap_lists_public_posts_authors_and_tags_only(client):
    author = UserFactory(username="mapped")
    public = PostFactory(author=author)
    public.tags.add(TagFactory(name="mapped-tag"))
    draft = PostFactory(draft=True)
    orphan = PostFactory()
    type(orphan.author).objects.filter(pk=orphan.author_id).delete()
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert public.get_absolute_url() in body
    assert "/authors/mapped/" in body
    assert "/tags/mapped-tag/" in body
    assert draft.get_absolute_url() not in body
    assert orphan.get_absolute_url() not in body

"""Cover images and photos on the reader pages, in the link previews and in the feeds.

Every picture offers WebP and a fallback at each stored width, with the width and height of the
image so the page does not move while it loads; pictures below the fold load when scrolled near.
"""

import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

ATOM = "{http://www.w3.org/2005/Atom}"
PICTURE = re.compile(
    r'<picture class="(?P<css_class>[^"]+)">'
    r'<source type="image/webp" srcset="(?P<webp>[^"]+)" sizes="(?P<webp_sizes>[^"]+)">'
    r'<img src="(?P<src>[^"]+)" srcset="(?P<srcset>[^"]+)" sizes="(?P<sizes>[^"]+)" '
    r'width="(?P<width>\d+)" height="(?P<height>\d+)" alt=""(?P<loading> loading="lazy")? '
    r'decoding="async"(?P<first> fetchpriority="high")?></picture>'
)


def pictures(html: str, css_class: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in PICTURE.finditer(html) if m["css_class"] == css_class]


def directory(name: str) -> str:
    return "/media/" + name.rsplit("/", 1)[0]


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


def test_cards_in_every_list_show_their_cover(client):
    author = UserFactory(username="painter")
    tag = TagFactory(name="colour")
    without = PostFactory(author=author, title="Words only, ochre")
    covered = [PostFactory(author=author, title=f"Ochre {n}", with_cover=True) for n in range(3)]
    for post in [without, *covered]:
        post.tags.add(tag)
    lists = ["/", "/authors/painter/", "/tags/colour/", "/search/?q=ochre"]
    for url in lists:
        html = client.get(url).content.decode()
        cards = pictures(html, "card-cover")
        assert len(cards) == 3, url
        assert html.count('<article class="card card-with-cover">') == 3, url
        assert html.count('<article class="card">') == 1, url
        # Newest first: the covers of the three newest posts, each at its three widths.
        newest = sorted(covered, key=lambda post: post.published_at, reverse=True)
        for card, post in zip(cards, newest, strict=True):
            base = directory(post.cover_image.name)
            assert card["src"] == f"{base}/1600.jpg", url
            assert (
                card["srcset"]
                == f"{base}/640.jpg 640w, {base}/1024.jpg 1024w, {base}/1600.jpg 1600w"
            )
            assert card["webp"] == card["srcset"].replace(".jpg", ".webp")
            assert (card["width"], card["height"]) == ("1600", "900")
            assert (
                card["sizes"]
                == card["webp_sizes"]
                == "(max-width: 34rem) calc(100vw - 2.5rem), 12rem"
            )
        # The first card is at the top of the page; the others load when scrolled near.
        assert [bool(card["loading"]) for card in cards] == [False, True, True], url


def test_a_post_page_heads_with_its_cover_and_shares_it(client):
    post = PostFactory(title="Harbour at dawn", with_cover=True)
    html = client.get(post.get_absolute_url()).content.decode()
    (cover,) = pictures(html, "post-cover")
    base = directory(post.cover_image.name)
    assert cover["src"] == f"{base}/1600.jpg"
    assert cover["sizes"] == "(max-width: 44rem) calc(100vw - 2.5rem), 41.5rem"
    assert not cover["loading"] and cover["first"]
    assert (
        html.index('class="post-title"')
        < html.index('class="post-cover"')
        < html.index('class="prose"')
    )
    # Link previews: the absolute URL of a JPEG (every site takes one), wide enough for big cards.
    image = f"http://testserver{base}/1600.jpg"
    assert meta(html, "og:image") == [image] and meta(html, "twitter:image") == [image]
    assert meta(html, "og:image:width") == ["1600"] and meta(html, "og:image:height") == ["900"]
    assert meta(html, "twitter:card") == ["summary_large_image"]


def test_the_preview_image_follows_the_host_asked_for(client):
    post = PostFactory(with_cover=True)
    html = client.get(post.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert meta(html, "og:image")[0].startswith("http://localhost/media/covers/")


def test_photos_in_the_byline_the_author_card_and_the_comment_thread(client):
    author = UserFactory(with_avatar=True)
    post = PostFactory(author=author)
    commenter, replier = UserFactory(with_avatar=True), UserFactory(with_avatar=True)
    comment = CommentFactory(post=post, author=commenter)
    CommentFactory(post=post, author=replier, parent=comment)
    html = client.get(post.get_absolute_url()).content.decode()

    def photo(person):
        return f"{directory(person.avatar.name)}/160.jpg"

    byline, card = pictures(html, "avatar avatar-xs")[0], pictures(html, "avatar avatar-m")[0]
    assert byline["src"] == card["src"] == photo(author)
    assert not byline["loading"] and card["loading"]
    (in_thread,) = pictures(html, "avatar avatar-s")
    assert in_thread["src"] == photo(commenter) and in_thread["sizes"] == "40px"
    assert (in_thread["width"], in_thread["height"]) == ("160", "160")
    assert pictures(html, "avatar avatar-xs")[1]["src"] == photo(replier)
    # A post without a cover shares no picture, not even its author's.
    assert meta(html, "og:image") == [] and meta(html, "twitter:card") == ["summary"]


def test_an_author_page_shows_and_shares_the_photo(client):
    author = UserFactory(username="portrait", with_avatar=True)
    PostFactory(author=author)
    html = client.get("/authors/portrait/").content.decode()
    (photo,) = pictures(html, "avatar avatar-l")
    assert photo["src"] == f"{directory(author.avatar.name)}/160.jpg" and not photo["loading"]
    assert meta(html, "og:image") == [f"http://testserver{photo['src']}"]
    assert meta(html, "og:image:width") == ["160"]
    assert meta(html, "twitter:card") == ["summary"]


def test_a_feed_entry_opens_with_its_cover_at_an_absolute_url(client):
    covered = PostFactory(title="With a cover", with_cover=True, body="The words.")
    PostFactory(title="Without one", body="Only words.")
    root = ElementTree.fromstring(client.get(reverse("feed")).content)
    content = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary")
        for entry in root.iter(f"{ATOM}entry")
    }
    image = f"http://testserver{directory(covered.cover_image.name)}/1024.jpg"
    assert content["With a cover"].startswith(
        f'<p><img src="{image}" width="1024" height="576" alt=""></p><p>The words.</p>'
    )
    assert content["Without one"].startswith("<p>Only words.</p>")


def test_a_kept_author_page_shows_the_photo_and_a_new_one_at_once(client, content_cache):
    author = UserFactory(username="kept", with_avatar=True)
    PostFactory(author=author)
    first = client.get("/authors/kept/").content.decode()
    again = client.get("/authors/kept/").content.decode()  # the author as kept for this version
    assert pictures(again, "avatar avatar-l") == pictures(first, "avatar avatar-l") != []
    author.avatar = "avatars/0123456789abcdef0123456789abcdef/160.jpg"
    author.save(update_fields=["avatar"])
    html = client.get("/authors/kept/").content.decode()
    assert pictures(html, "avatar avatar-l")[0]["src"].startswith(
        "/media/avatars/0123456789abcdef0123456789abcdef/"
    )

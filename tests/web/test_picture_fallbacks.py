"""Pages without images: an author without a photo shows their initial in a coloured circle,
a post without a cover image has a text-only card and header and no preview image."""

import re

import pytest

from apps.accounts.templatetags.pictures import AVATAR_HUES
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def initials_circles(html: str) -> list[tuple[str, str, str]]:
    """(size, hue, letter) of every initial shown in place of a photo, in page order."""
    return re.findall(
        r'<span class="avatar avatar-(\w+) avatar-hue-(\d)" aria-hidden="true">(.)</span>', html
    )


def test_a_comment_thread_shows_each_commenter_s_initial(client):
    post = PostFactory(author=UserFactory(display_name="Zora Quill"))
    ada = UserFactory(display_name="ada Lovelace")
    bob = UserFactory(display_name="", username="bob")
    top = CommentFactory(post=post, author=ada)
    CommentFactory(post=post, author=bob, parent=top)

    circles = initials_circles(client.get(post.get_absolute_url()).content.decode())

    byline, card, comment, reply = circles
    assert byline == ("xs", str(post.author_id % AVATAR_HUES), "Z")
    assert card == ("m", str(post.author_id % AVATAR_HUES), "Z")
    # The display name's first letter, in capitals; the username's when there is no display name.
    assert comment == ("s", str(ada.pk % AVATAR_HUES), "A")
    assert reply == ("xs", str(bob.pk % AVATAR_HUES), "B")


def test_an_author_page_shows_the_initial_large(client):
    author = UserFactory(username="écrivain", display_name="")
    PostFactory(author=author)
    html = client.get("/authors/écrivain/").content.decode()
    assert ("l", str(author.pk % AVATAR_HUES), "É") in initials_circles(html)


def test_the_hue_follows_the_person_not_the_page(client):
    people = [UserFactory() for _ in range(AVATAR_HUES)]
    post = PostFactory(author=people[0])
    for person in people:
        CommentFactory(post=post, author=person)
    circles = initials_circles(client.get(post.get_absolute_url()).content.decode())
    hues = [hue for size, hue, _ in circles if size == "s"]
    assert hues == [str(person.pk % AVATAR_HUES) for person in people]
    assert len(set(hues)) == AVATAR_HUES


def test_a_post_without_a_cover_has_no_preview_image(client):
    post = PostFactory()
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html and "twitter:image" not in html
    assert "<img" not in html
    home = client.get("/").content.decode()
    assert '<article class="card">' in home and "<img" not in home

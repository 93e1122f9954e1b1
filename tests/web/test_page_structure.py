"""What assistive technology reads from the page structure: headings, landmarks, lists."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def test_messages_are_a_plain_list_inside_a_status_region(client, author):
    post = PostFactory()
    response = client.post(post.get_absolute_url(), {"body": "Nice."}, follow=True)
    found = elements(response.content.decode())
    lists = [attrs for tag, attrs in found if tag == "ul" and "messages" in attrs.get("class", "")]
    assert lists and all("role" not in attrs for attrs in lists)
    index = found.index(("ul", lists[0]))
    assert found[index - 1] == ("div", {"role": "status"})


def test_search_landmarks_have_distinct_names(client):
    found = elements(client.get(reverse("search"), {"q": "anything"}).content.decode())
    names = [attrs.get("aria-label") for tag, attrs in found if attrs.get("role") == "search"]
    assert len(names) == 2
    assert all(names) and len(set(names)) == len(names)


def test_a_post_page_has_one_h1_whatever_headings_the_body_uses(client):
    post = PostFactory(title="The title", body="# Intro\n\nText.\n\n## Detail\n\nMore.")
    found = elements(client.get(post.get_absolute_url()).content.decode())
    headings = [tag for tag, _ in found if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert headings.count("h1") == 1
    assert "<h2>Intro</h2>" in post.body_html and "<h3>Detail</h3>" in post.body_html

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

"""Addresses filled into a template per process (apps/core/url_templates.py) are exactly the
ones `reverse()` gives, whatever the argument and the script prefix."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from apps.core.url_templates import url_with_argument, urls_with_argument

SLUGS = ["plain-slug", "a_b-c-9", "ünïcödé-slug", "日本語-タグ", "x"]
USERNAMES = [*SLUGS, "first.last+tag@example-host"]
SLUG_NAMES = ["post_detail", "post_edit", "tag_detail", "tag_feed", "page_detail"]
USERNAME_NAMES = ["author_detail", "author_feed"]


@pytest.mark.parametrize(
    ("name", "argument"),
    [(name, slug) for name in SLUG_NAMES for slug in SLUGS]
    + [(name, username) for name in USERNAME_NAMES for username in USERNAMES],
)
def test_an_address_from_its_template_is_the_reversed_one(name, argument):
    assert url_with_argument(name, argument) == reverse(name, args=[argument])


def test_the_script_prefix_is_part_of_the_address():
    set_script_prefix("/blog/")
    try:
        assert url_with_argument("post_detail", "ünï") == reverse("post_detail", args=["ünï"])
        assert url_with_argument("post_detail", "ünï").startswith("/blog/posts/")
    finally:
        set_script_prefix("/")
    assert url_with_argument("post_detail", "a") == "/posts/a/"


def test_templates_link_to_an_author_as_the_url_tag_does():
    template = Template("{% load blog_urls %}{{ username|author_url }}")
    for username in USERNAMES:
        rendered = template.render(Context({"username": username}))
        assert rendered == reverse("author_detail", args=[username])


def test_a_list_fills_the_address_of_each_row_as_reverse_does():
    address = urls_with_argument("post_detail")
    for slug in SLUGS:
        assert address(slug) == reverse("post_detail", args=[slug])


def test_templates_link_to_any_one_argument_address_as_the_url_tag_does():
    template = Template('{% load blog_urls %}{{ slug|url_with:"tag_feed" }}')
    for slug in SLUGS:
        assert template.render(Context({"slug": slug})) == reverse("tag_feed", args=[slug])

"""Addresses filled into a template per process (apps/core/url_templates.py) are exactly the
ones `reverse()` gives, whatever the argument and the script prefix."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import path, register_converter, reverse, set_script_prefix

from apps.core.url_templates import url_with_argument, urls_with_argument, urls_with_number

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


@pytest.mark.parametrize("slug", [*SLUGS, "987654321987654321", "0-1-2"])
def test_a_numbered_address_is_the_reversed_one(slug):
    address = urls_with_number("comment_delete", slug)
    for number in [0, 1, 7, 10, 987654321987654321, 2**40]:
        assert address(number) == reverse("comment_delete", args=[slug, number])


def test_a_numbered_address_keeps_the_script_prefix():
    set_script_prefix("/blog/")
    try:
        address = urls_with_number("comment_delete", "ünï")
        assert address(5) == reverse("comment_delete", args=["ünï", 5])
        assert address(5).startswith("/blog/posts/")
    finally:
        set_script_prefix("/")


class PaddedNumber:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


register_converter(PaddedNumber, "padded_number_for_url_template_tests")
urlpatterns = [
    path("issues/<padded_number_for_url_template_tests:number>/", lambda r: None, name="padded"),
    path("plain/<slug:slug>/<int:number>/", lambda r: None, name="plain"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_an_address_whose_number_is_not_written_as_it_is_is_refused():
    assert urls_with_number("plain", "a-slug")(42) == "/plain/a-slug/42/"
    with pytest.raises(ValueError, match="does not write its number argument as it is"):
        urls_with_number("padded")

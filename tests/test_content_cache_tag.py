"""`{% content_cache %}` (apps/blog/templatetags/content_cache.py): a fragment rendered once per
content version, without the template naming a lifetime, a version or a cache.
"""

import time
from datetime import timedelta

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import RequestFactory
from django.utils import timezone

from apps.blog.caching.version import content_version_bump
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

TEMPLATE = (
    "{% load content_cache %}"
    "{% content_cache greeting who %}{{ renders.next }}{% endcontent_cache %}"
)


class Renders:
    """Counts how often the fragment's body was rendered."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"render {self.count}"


def render(renders: Renders, who: str = "reader") -> str:
    template = engines["django"].from_string(TEMPLATE)
    return template.render({"renders": renders, "who": who}, RequestFactory().get("/"))


def test_a_fragment_is_rendered_once_per_content_version(content_cache):
    renders = Renders()
    assert render(renders) == render(renders) == "render 1"
    content_version_bump()
    assert render(renders) == "render 2"


def test_vary_on_values_get_their_own_fragment(content_cache):
    renders = Renders()
    assert render(renders, who="ada") == "render 1"
    assert render(renders, who="bea") == "render 2"
    assert render(renders, who="ada") == "render 1"


def test_without_content_caching_every_render_runs(settings):
    settings.CONTENT_CACHE_SECONDS = 0
    renders = Renders()
    assert [render(renders), render(renders)] == ["render 1", "render 2"]


def test_without_content_caching_the_shared_cache_is_not_read(
    settings, shared_cache_unusable, caplog
):
    settings.CONTENT_CACHE_SECONDS = 0
    assert render(Renders()) == "render 1"
    assert "Shared cache unreachable" not in caplog.text


def test_a_fragment_ends_when_the_next_scheduled_post_goes_public(content_cache):
    PostFactory(published_at=timezone.now() + timedelta(seconds=3))
    renders = Renders()
    assert render(renders) == render(renders) == "render 1"
    time.sleep(3.1)
    assert render(renders) == "render 2"


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load content_cache %}{% content_cache %}{% endcontent_cache %}"
        )

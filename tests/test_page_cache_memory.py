"""The page cache's memory stays bounded whatever anonymous visitors send: query parameters a page
does not read are left out of its key (apps/blog/caching/pages.py), and each worker's memory has a
budget in bytes (apps/blog/caching/memory.py).
"""

import pytest
from django.core.cache import caches
from django.urls import reverse

from apps.blog.caching.memory import ByteBoundedLocMemCache
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.caching.version import PAGE_CACHE
from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture
def tagged_post():
    post = PostFactory(title="Zeppelins over the bay", body="A zeppelin at dawn.")
    post.tags.add(TagFactory(name="air"))
    return post


def reader_urls(post) -> list[str]:
    return [
        reverse("home"),
        post.get_absolute_url(),
        reverse("author_detail", args=[post.author.username]),
        reverse("tag_detail", args=["air"]),
        reverse("search") + "?q=zeppelin",
        reverse("feed"),
        reverse("sitemap"),
    ]


def with_parameter(url: str, parameter: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{parameter}"


def test_parameters_a_page_does_not_read_add_no_entry(client, page_cache, tagged_post):
    for url in reader_urls(tagged_post):
        assert client.get(url)[CACHE_STATUS_HEADER] == "miss", url
    entries = len(page_cache)
    for number in range(40):
        for url in reader_urls(tagged_post):
            response = client.get(with_parameter(url, f"cb={number}"))
            assert response[CACHE_STATUS_HEADER] == "hit", url
    assert len(page_cache) == entries


def test_signed_in_readers_add_no_fragment_for_unread_parameters(
    client, content_cache, tagged_post
):
    client.force_login(UserFactory())
    for url in reader_urls(tagged_post):
        client.get(url)
    entries = len(content_cache)
    for number in range(40):
        for url in reader_urls(tagged_post):
            assert client.get(with_parameter(url, f"cb={number}")).status_code == 200, url
    assert len(content_cache) == entries


def test_parameters_are_keyed_as_the_view_reads_them(client, page_cache, tagged_post):
    PostFactory.create_batch(10)
    client.get(reverse("home") + "?page=2")
    client.get(reverse("search") + "?q=zeppelin")
    for url in [
        reverse("home") + "?page=02",
        reverse("home") + "?page=1&page=2",  # the view reads the last value
        reverse("home") + "?cb=1&page=+2",
        reverse("search") + "?q=+zeppelin+",
    ]:
        assert client.get(url)[CACHE_STATUS_HEADER] == "hit", url
    assert client.get(reverse("home") + "?page=1")[CACHE_STATUS_HEADER] == "miss"
    assert client.get(reverse("search") + "?q=zeppelins")[CACHE_STATUS_HEADER] == "miss"


def test_the_site_caches_pages_in_a_byte_bounded_memory(settings):
    cache = caches[PAGE_CACHE]
    assert isinstance(cache, ByteBoundedLocMemCache)
    assert cache.max_bytes == settings.CACHES[PAGE_CACHE]["OPTIONS"]["MAX_BYTES"]


# --- The memory's byte budget ----------------------------------------------------------------


@pytest.fixture
def small_memory():
    cache = ByteBoundedLocMemCache("test-byte-budget", {"OPTIONS": {"MAX_BYTES": 20_000}})
    cache.clear()
    yield cache
    cache.clear()


def test_the_byte_budget_holds_and_the_least_recently_used_go_first(small_memory):
    small_memory.set("kept", b"k" * 1_000)
    for number in range(100):
        small_memory.set(f"page-{number}", b"x" * 1_000)
        assert small_memory.get("kept") is not None  # read: recently used
        assert small_memory.bytes_used <= small_memory.max_bytes
    assert small_memory.get("page-0") is None
    assert small_memory.get("page-99") == b"x" * 1_000
    assert 10 <= len(small_memory) <= 20


def test_replacing_deleting_and_clearing_give_their_bytes_back(small_memory):
    small_memory.set("page", b"x" * 5_000)
    used = small_memory.bytes_used
    small_memory.set("page", b"x" * 5_000)
    assert small_memory.bytes_used == used
    small_memory.delete("page")
    assert small_memory.bytes_used == 0
    small_memory.set("page", b"x" * 5_000)
    small_memory.clear()
    assert (small_memory.bytes_used, len(small_memory)) == (0, 0)


def test_a_value_larger_than_the_budget_is_not_kept(small_memory):
    small_memory.set("small", b"x" * 1_000)
    small_memory.set("huge", b"x" * 30_000)
    assert small_memory.get("huge") is None
    assert small_memory.get("small") == b"x" * 1_000


def test_the_entry_budget_evicts_one_entry_at_a_time(small_memory):
    memory = ByteBoundedLocMemCache(
        "test-entry-budget", {"OPTIONS": {"MAX_BYTES": 1_000_000, "MAX_ENTRIES": 3}}
    )
    memory.clear()
    for key in "abcd":
        memory.set(key, key)
    assert [memory.get(key) for key in "abcd"] == [None, "b", "c", "d"]
    memory.clear()

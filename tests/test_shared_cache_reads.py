"""What the check after a change reads from the shared cache (apps/blog/caching/version.py,
kept.py): a worker reads a tag's token once per content version however many entries name it,
never takes a token read under an older version as current, and gets the version's WAL
positions in the same read as the version.
"""

import contextlib
from unittest import mock

import pytest
from django.core.cache import caches

from apps.blog.caching.dependencies import EVERYTHING, depends_on, post_tag
from apps.blog.caching.kept import kept_fresh, kept_render, kept_store
from apps.blog.caching.version import (
    VERSION_CACHE,
    VERSION_KEY,
    content_version_bump,
    content_version_get,
    tag_tokens_get,
    version_positions,
)
from apps.multidb.read_your_writes import ReadState, read_state, state_scope


@contextlib.contextmanager
def shared_keys_read():
    """The keys read from the shared cache inside the block (by get or get_many, which some
    backends answer with get), in order."""
    cache = caches[VERSION_CACHE]
    keys: list[str] = []
    inside_get_many = []

    def get_many(wanted, *args, **kwargs):
        keys.extend(wanted)
        inside_get_many.append(True)
        try:
            return real_get_many(wanted, *args, **kwargs)
        finally:
            inside_get_many.pop()

    def get(key, *args, **kwargs):
        if not inside_get_many:
            keys.append(key)
        return real_get(key, *args, **kwargs)

    real_get_many, real_get = cache.get_many, cache.get
    with mock.patch.object(cache, "get_many", get_many), mock.patch.object(cache, "get", get):
        yield keys


def kept_with_tags(key: str, *tags: str) -> None:
    version = content_version_get()
    with kept_render(key, version) as rendering:
        depends_on(*tags)
    kept_store(key, key, rendering, seconds=300)


def test_after_a_change_each_tag_is_read_once_however_many_entries_name_it(page_cache):
    for number in range(5):
        kept_with_tags(f"entry-{number}", post_tag(1), post_tag(2), post_tag(100 + number))
    content_version_bump(tags=[post_tag(3)])  # touches none of them
    version = content_version_get()
    with shared_keys_read() as keys:
        for number in range(5):
            assert kept_fresh(f"entry-{number}", version) is not None
    tags_read = [key.removeprefix("quire:tag:") for key in keys]
    assert sorted(tags_read) == sorted(
        [EVERYTHING, post_tag(1), post_tag(2), *(post_tag(100 + n) for n in range(5))]
    )


def test_a_change_between_two_checks_is_seen_by_the_second(page_cache):
    kept_with_tags("first", post_tag(1))
    kept_with_tags("second", post_tag(1))
    content_version_bump(tags=[post_tag(2)])
    assert kept_fresh("first", content_version_get()) is not None  # post 1's token read
    content_version_bump(tags=[post_tag(1)])
    assert kept_fresh("second", content_version_get()) is None


def test_tokens_read_under_an_older_version_are_not_taken_as_current(page_cache):
    older = content_version_get()
    before = tag_tokens_get([post_tag(1)], version=older)
    content_version_bump(tags=[post_tag(1)])
    newer = content_version_get()
    # A request still under way under the older version reads the shared token, and what it
    # reads is not remembered under the newer version as if read after it.
    assert tag_tokens_get([post_tag(1)], version=older) != before
    with shared_keys_read() as keys:
        assert tag_tokens_get([post_tag(1)], version=newer) != before
    assert keys == ["quire:tag:post:1"]


@pytest.mark.django_db(databases=["default", "blog_db"])
def test_the_version_carries_its_wal_positions_in_the_same_read(page_cache):
    caches[VERSION_CACHE].set(VERSION_KEY, "0123456789abcdef@blog_db=4242", timeout=None)
    with state_scope(ReadState()), shared_keys_read() as keys:
        assert content_version_get() == "0123456789abcdef@blog_db=4242"
        assert read_state().positions == {"blog_db": 4242}
    assert keys == [VERSION_KEY]
    assert version_positions("0123456789abcdef") == {}

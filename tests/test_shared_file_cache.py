"""The shared cache of one host (apps/blog/caching/shared_files.py): Django's file cache, which
listed its directory on every write and past 300 entries deleted a random third of them (tag
tokens and the content version among them), keeps a large site's tokens, counts its entries once
per interval, and never culls the content version.
"""

from unittest import mock

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from apps.blog.caching.shared_files import SharedFileCache
from apps.blog.caching.version import VERSION_CACHE, VERSION_KEY


def shared_file_cache(location, **options) -> SharedFileCache:
    return SharedFileCache(str(location), {"OPTIONS": options})


def test_the_default_shared_cache_of_one_host_keeps_the_tokens_of_a_large_site(tmp_path):
    config = {**settings.CACHES[VERSION_CACHE]}
    if "filebased" not in config["BACKEND"] and "shared_files" not in config["BACKEND"]:
        pytest.skip("CACHE_URL names a shared cache other than the file cache")
    backend = import_string(config.pop("BACKEND"))
    config.pop("LOCATION")
    cache = backend(str(tmp_path), config)
    tokens = {f"quire:tag:post:{number}": f"token-{number}" for number in range(2000)}
    for key, token in tokens.items():
        cache.set(key, token)
    assert cache.get_many(tokens) == tokens


def test_the_file_cache_lists_its_directory_once_per_interval(tmp_path):
    cache = shared_file_cache(tmp_path, MAX_ENTRIES=10)
    with mock.patch.object(cache, "_list_cache_files", wraps=cache._list_cache_files) as listed:
        for number in range(50):
            cache.set(f"key-{number}", number)
    assert listed.call_count == 1
    assert len(cache._list_cache_files()) == 50  # past the budget until the next count


def test_culling_the_file_cache_never_deletes_the_content_version(tmp_path):
    cache = shared_file_cache(tmp_path, MAX_ENTRIES=10, CULL_EVERY_SECONDS=0)
    cache.set(VERSION_KEY, "the-version", timeout=None)
    for number in range(300):
        cache.set(f"key-{number}", number)
    assert cache.get(VERSION_KEY) == "the-version"
    assert len(cache._list_cache_files()) <= 15

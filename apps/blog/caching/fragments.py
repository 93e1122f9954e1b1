"""What is the same for every reader, signed in or not, kept in this worker's memory until what
it shows changes: the author, tag or post a page is about, whole feeds, list totals, and the
template fragments of `{% content_cache %}` (apps/blog/templatetags/content_cache.py).

The queries behind a kept value run only when it is missing; what differs per viewer
(navigation, forms, edit buttons) is rendered on every request.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property

from apps.blog import selectors
from apps.blog.caching.dependencies import LISTS, author_tag, depends_on, post_tag
from apps.blog.caching.kept import kept_fresh, kept_render, kept_store
from apps.blog.caching.lifetimes import content_cache_seconds
from apps.blog.caching.version import ContentVersionUnavailable, content_version_get
from apps.blog.models import Page, Post, Tag
from apps.blog.post_page import post_for_page
from apps.multidb.authors import PUBLIC_USER_FIELDS

T = TypeVar("T")


class ContentTerms:
    """The content version and how long content rendered now may be kept, each read once;
    no version (None) and 0 seconds while the shared cache is unreachable."""

    @cached_property
    def version(self) -> str | None:
        try:
            return content_version_get()
        except ContentVersionUnavailable:
            return None

    @cached_property
    def seconds(self) -> int:
        if settings.CONTENT_CACHE_SECONDS <= 0:  # fragments off: no read of the shared cache
            return 0
        return 0 if self.version is None else content_cache_seconds(self.version)


def content_terms(request: HttpRequest | None) -> ContentTerms:
    """The terms of `request`, shared by every fragment its page renders."""
    if request is None:
        return ContentTerms()
    if not hasattr(request, "content_terms"):
        request.content_terms = ContentTerms()
    return request.content_terms


def kept_per_version(
    name: str, load: Callable[[], T], *, to_store: Callable[[T], T | None] | None = None
) -> T:
    """`load()`, reused by this worker until something it depends on changes (kept.py).

    `name` names the value among all content. `to_store` picks what is kept of a loaded value
    (None: nothing, load it again next time). A `load()` that raises (a 404) keeps nothing.
    """
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return load()
    try:
        version = content_version_get()
    except ContentVersionUnavailable:
        return load()
    key = f"quire:content:{hashlib.md5(name.encode()).hexdigest()}"
    kept = kept_fresh(key, version)
    if kept is not None:
        return kept.value
    seconds = content_cache_seconds(version)  # before loading, as for pages
    with kept_render(key, version) as rendering:
        value = load()
    stored = value if to_store is None else to_store(value)
    if stored is not None:
        kept_store(key, stored, rendering, seconds=seconds)
    return value


def author_public_profile(user: AbstractBaseUser) -> AbstractBaseUser:
    """What is kept of an author: the public profile only, never the account itself."""
    return type(user)(pk=user.pk, **{name: getattr(user, name) for name in PUBLIC_USER_FIELDS})


def post_public_kept(post: Post) -> Post | None:
    """What is kept of a post: a public one (the same for every reader), with its tags and its
    author's card (post_page.py: a public profile, replaced with the post's tokens when it
    changes, invalidation.author_shown_on), never an account. A copy: nothing a request sets on
    its own post afterwards reaches the kept one.
    """
    if not post.is_public:
        return None
    kept = copy.copy(post)
    kept.__dict__.pop("site_content_rows", None)  # read for its own request's page only
    return kept


def cached_author(*, username: str) -> AbstractBaseUser:
    """The author at `username` (404 if none), as a public profile."""

    def load() -> AbstractBaseUser:
        author = selectors.user_get_by_username(username=username)
        depends_on(author_tag(author.pk))
        return author

    return kept_per_version(f"author:{username}", load, to_store=author_public_profile)


def cached_tag(*, slug: str) -> Tag:
    """The tag at `slug` (404 if none)."""

    def load() -> Tag:
        tag = selectors.tag_get_by_slug(slug=slug)
        depends_on(LISTS)  # its count of public posts changes with the lists
        return tag

    return kept_per_version(f"tag:{slug}", load)


def cached_public_post(*, slug: str, user: AbstractBaseUser | AnonymousUser) -> Post:
    """The post at `slug` as `user` may see it, with its tags and its author's card
    (post_page.py; 404 otherwise); public posts are kept."""

    def load() -> Post:
        post = post_for_page(slug=slug, user=user)
        depends_on(post_tag(post.pk))
        return post

    return kept_per_version(f"post:{slug}", load, to_store=post_public_kept)


def cached_page(*, slug: str, user: AbstractBaseUser | AnonymousUser) -> Page:
    """The page at `slug` as `user` may see it (404 otherwise); published pages are kept."""
    return kept_per_version(
        f"page:{slug}",
        lambda: selectors.page_get_for_viewer(slug=slug, user=user),
        to_store=lambda page: page if page.is_public else None,
    )


def cache_shared_response(name: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """A response that is the same for every reader (a feed), built once per content version."""
    return kept_per_version(f"response:{name}", build)

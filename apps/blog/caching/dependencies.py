"""What cached content depends on, named by tags, and what a change replaces.

Rendering declares the tags of what it reads (`depends_on`); each cached page, fragment or kept
value records them, with the tags' tokens as they were before its data was read
(apps/blog/caching/kept.py). A change replaces the tokens of the tags it touches
(apps/blog/caching/invalidation.py), and whatever recorded an older token is rendered again.

- `everything`: every cached page and fragment; replaced by any write nobody classified (the
  fallback: raw SQL, bulk updates, the admin, migrations).
- `lists`: which posts a list holds and in what order (lists and their totals, feeds, related
  posts, the tag index, the sitemap); replaced by a post created, deleted, published,
  unpublished, re-dated or re-tagged.
- `post-text`: what matches a search, the sitemap's dates; replaced by any post saved.
- `post:<id>`: the post's page (its author card and comment thread too), its card in lists
  (with its comment count), its feed entry; replaced by the post saved, a comment on it added or
  removed, and a change to the public profile of its author or of anyone who commented on it.
- `article:<id>`: the post without its comments: its article on its own page (text, author card,
  tags) and the related links to it from other posts; replaced by the post saved and a change
  to its author's public profile, never by a comment. Comments come often: a comment renders
  again its post's thread and the lists showing its count, not the article nor the posts that
  link to it.
- `author:<id>`: the author's own page and feed; replaced by a change to their public profile.

A page depends on a few tags, however many people it names: a profile edit, rare, replaces the
tokens of every post that shows the person, so that the frequent check (kept.py) reads few.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

EVERYTHING = "everything"
LISTS = "lists"
POST_TEXT = "post-text"


def post_tag(post_id: int) -> str:
    return f"post:{post_id}"


def article_tag(post_id: int) -> str:
    return f"article:{post_id}"


def post_saved_tags(post_id: int) -> tuple[str, str]:
    """What saving the post (or a change to its author's profile) replaces: the post with its
    comments, and its article alone."""
    return (post_tag(post_id), article_tag(post_id))


def author_tag(user_id: int) -> str:
    return f"author:{user_id}"


# The tags declared by what is being rendered, one set per cached unit under way (a page holds
# fragments, which hold kept values): each declaration reaches every enclosing unit.
_collectors: ContextVar[tuple[set[str], ...]] = ContextVar("content_dependencies", default=())


def depends_on(*tags: str) -> None:
    """What is being rendered shows content named by `tags`."""
    for collected in _collectors.get():
        collected.update(tags)


def posts_shown(posts: Iterable) -> None:
    """Rendering shows these posts (cards, feed entries) and their authors."""
    depends_on(*(post_tag(post.pk) for post in posts))


def posts_linked(posts: Iterable) -> None:
    """Rendering links to these posts by title, author and date, nothing of their comments."""
    depends_on(*(article_tag(post.pk) for post in posts))


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """The tags declared inside the block, also passed on to every enclosing unit."""
    collected: set[str] = {EVERYTHING}
    token = _collectors.set((*_collectors.get(), collected))
    try:
        yield collected
    finally:
        _collectors.reset(token)

"""Bulk seeding of blog content (seed_demo, the benchmark): rows in batches, no per-row work.

`bulk_create` calls neither `save()` nor any signal, so what they would do is done here or by the
caller: post bodies come rendered (`Post.body_render`), comment bodies are rendered here
(`Comment.body_render`), and each new user gets the welcome post a
sign-up would get (or is marked as not wanting one). The page cache needs nothing: every write to
`blog_db` renders every cached page again (apps/blog/caching/invalidation.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.blog.models import Comment, Post
from apps.blog.services import welcome_post_seed
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

BATCH_SIZE = 500


@dataclass
class PostSeed:
    """An unsaved post, body rendered, with the ids of its tags and its unsaved comments."""

    post: Post
    tag_ids: Sequence[int] = ()
    comments: list[Comment] = field(default_factory=list)


@dataclass
class SeededCounts:
    posts: int
    taggings: int
    comments: int


def users_bulk_create(*, users: list, welcome_posts: bool = True) -> list:
    """Insert unsaved users in `default`, each with its welcome post unless `welcome_posts` is
    False, which marks them as having had it (benchmark data wants no drafts of its own)."""
    if not welcome_posts:
        now = timezone.now()
        for user in users:
            user.welcome_post_seeded_at = now
    created = get_user_model().objects.using(PEOPLE_DB).bulk_create(users, batch_size=BATCH_SIZE)
    if welcome_posts:
        for user in created:
            welcome_post_seed(user_id=user.pk)
    return created


def posts_bulk_create(*, seeds: Sequence[PostSeed]) -> SeededCounts:
    """Insert posts with their tags and comments, in one transaction in `blog_db`."""
    with transaction.atomic(using=BLOG_DB):
        Post.objects.using(BLOG_DB).bulk_create(
            [seed.post for seed in seeds], batch_size=BATCH_SIZE
        )
        taggings = [
            Post.tags.through(post_id=seed.post.pk, tag_id=tag_id)
            for seed in seeds
            for tag_id in seed.tag_ids
        ]
        Post.tags.through.objects.using(BLOG_DB).bulk_create(taggings, batch_size=BATCH_SIZE)
        comments = []
        for seed in seeds:
            for comment in seed.comments:
                comment.post_id = seed.post.pk
                comment.body_render()
                comments.append(comment)
        Comment.objects.using(BLOG_DB).bulk_create(comments, batch_size=BATCH_SIZE)
    return SeededCounts(posts=len(seeds), taggings=len(taggings), comments=len(comments))

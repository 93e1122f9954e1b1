"""Which new comments wait for approval before readers see them (COMMENT_MODERATION).

`none`: no comment waits. `first`: an account's comments wait until one of them has been
approved (comments from before moderation count as approved). `all`: every comment waits. The
post's author and staff who may remove its comments are never held: they would approve
themselves.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from apps.blog.models import Comment, Post
from apps.blog.permissions import user_can_moderate_comments

HOLD_NONE, HOLD_FIRST, HOLD_ALL = "none", "first", "all"


def comment_needs_approval(*, post: Post, author: AbstractBaseUser) -> bool:
    """Whether a comment `author` writes on `post` now waits for approval."""
    policy = settings.COMMENT_MODERATION
    if policy == HOLD_NONE or user_can_moderate_comments(user=author, post=post):
        return False
    if policy == HOLD_ALL:
        return True
    approved = Comment.objects.filter(author_id=author.pk, awaiting_approval=False, is_visible=True)
    return not approved.exists()

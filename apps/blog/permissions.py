"""Who may see and change blog content outside the admin: authors their own, staff by permission.

Staff status alone grants nothing here, as in the admin: a staff user sees other authors' drafts
and scheduled posts with `blog.view_post` (or `blog.change_post`, which the admin takes to
include viewing), edits and deletes posts with `blog.change_post`, and removes comments with
`blog.delete_comment`.
"""

from collections.abc import Callable
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from apps.blog.models import Comment, Post

AnyUser = AbstractBaseUser | AnonymousUser


class HasAuthor(Protocol):
    author_id: int


def _staff_may(user: AnyUser, *permissions: str) -> bool:
    return user.is_staff and any(user.has_perm(f"blog.{codename}") for codename in permissions)


def user_can_see_unpublished(*, user: AnyUser, post: Post) -> bool:
    """Drafts and scheduled posts: their author, and staff who may view posts."""
    if not user.is_authenticated:
        return False
    return user.pk == post.author_id or _staff_may(user, "view_post", "change_post")


def user_can_manage_post(*, user: AnyUser, post: Post) -> bool:
    """Edit and delete: the author, or staff who may change posts."""
    if not user.is_authenticated:
        return False
    return user.pk == post.author_id or _staff_may(user, "change_post")


def user_can_moderate_comments(*, user: AnyUser, post: Post) -> bool:
    """May remove any comment on `post`: its author, or staff who may delete comments."""
    if not user.is_authenticated:
        return False
    return user.pk == post.author_id or _staff_may(user, "delete_comment")


def user_can_delete_comment(*, user: AnyUser, comment: Comment, post: Post) -> bool:
    """The comment's author, or someone who may moderate the post's comments."""
    return user_can_delete_comments(user=user, post=post)(comment)


def user_can_delete_comments(*, user: AnyUser, post: Post) -> Callable[[HasAuthor], bool]:
    """`user_can_delete_comment` for the comments of one post: whether the viewer moderates
    them is worked out once (a permission lookup for staff), not for each comment of a page.
    Reads only `comment.author_id`: a page of comments passes its rows
    (comment_selectors.ShownComment)."""
    if not user.is_authenticated:
        return lambda comment: False
    if user_can_moderate_comments(user=user, post=post):
        return lambda comment: True
    user_pk = user.pk
    return lambda comment: comment.author_id == user_pk


def user_can_see_draft_pages(*, user: AnyUser) -> bool:
    """Draft pages (which have no author): staff who may view or change pages."""
    return user.is_authenticated and _staff_may(user, "view_page", "change_page")

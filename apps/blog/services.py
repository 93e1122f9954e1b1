"""Blog writes: every change to posts, tags and comments that the web UI or the admin makes."""

from collections.abc import Collection
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.site_title import site_title
from apps.blog.caching.dependencies import LISTS, POST_TEXT, post_saved_tags, post_tag
from apps.blog.caching.invalidation import content_changes
from apps.blog.models import Comment, LibraryImage, Post, Tag, unique_slug
from apps.core.image_files import image_changes
from apps.core.image_uploads import PreparedImage
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

# Named by the site title staff set (the site settings), as mail and feeds name the site.
WELCOME_TITLE = "Welcome to {site}"
WELCOME_BODY = """\
Hello, and welcome! This is your first post. It is a **draft**, so only you can see it.

To make it yours:

1. Open your [dashboard](/dashboard/) and choose **Edit** next to this post.
2. Change the title and write in [Markdown](https://commonmark.org/help/): `**bold**`,
   `*italic*`, `# headings`, `- lists` and `[links](https://example.com)`.
3. Set the status to **Published** and save. Leave the publication time empty to publish now,
   or pick a future time to schedule it.

Delete this post whenever you like; it will not come back.
"""


def welcome_post_seed(*, user_id: int) -> Post | None:
    """Give a user their welcome post, once in their lifetime.

    The marker `User.welcome_post_seeded_at` in `default` is taken under a row lock, so
    concurrent seeds of one user run one after the other, and a user who deleted their welcome
    post never gets it back. The `one_welcome_post` constraint in `blog_db` covers the remaining
    gap: if the marker's commit is lost after the post was written, the next seed finds the post
    and only sets the marker. Returns the new post, or None when there was nothing to do.
    """
    user_model = get_user_model()
    with transaction.atomic(using=PEOPLE_DB):
        user = (
            user_model.objects.select_for_update()
            .filter(pk=user_id, welcome_post_seeded_at__isnull=True)
            .first()
        )
        if user is None:
            return None
        post = None
        try:
            with transaction.atomic(using=BLOG_DB):
                post = Post.objects.create(
                    author_id=user.pk,
                    title=WELCOME_TITLE.format(site=site_title()),
                    slug=unique_slug(Post, f"welcome {user.username}", max_length=220),
                    body=WELCOME_BODY,
                    status=Post.Status.DRAFT,
                    is_welcome=True,
                )
        except IntegrityError:
            if not Post.objects.filter(author_id=user.pk, is_welcome=True).exists():
                raise
        user.welcome_post_seeded_at = timezone.now()
        user.save(update_fields=["welcome_post_seeded_at"])
    return post


# --- Posts, tags and comments written through the web UI ---------------------------------------

TAG_MAX_LENGTH = 50
TAGS_PER_POST_MAX = 10


def tag_names_parse(text: str) -> list[str]:
    """Comma-separated tags as typed, normalised: stripped, inner whitespace collapsed,
    lowercased, blanks and duplicates dropped, first spelling order kept."""
    names: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.split()).lower()
        if name and name not in names:
            names.append(name)
    return names


def tag_get_or_create(*, name: str) -> Tag:
    """The tag named `name` whatever its case, created with this spelling if there is none.

    Matched with the database's lower(), as the unique index on the lowered name is, so what the
    lookup misses the index cannot refuse.
    """
    same_name = Tag.objects.alias(lowered=Lower("name")).filter(lowered=Lower(Value(name)))
    tag = same_name.first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic(using=BLOG_DB):
            return Tag.objects.create(name=name)
    except IntegrityError:
        # Another writer created it meanwhile (or its slug was taken and that was not the name).
        tag = same_name.first()
        if tag is None:
            raise
        return tag


def tags_get_or_create(*, names: list[str]) -> list[Tag]:
    """The tags with these names whatever their case, creating the missing ones.

    Existing tags keep their spelling (the admin may have stored "PostgreSQL"), so typing
    "postgresql" reuses that tag. Known tags are read in one query.
    """
    existing: dict[str, Tag] = {}
    lowered_names = [name.lower() for name in names]
    matches = Tag.objects.annotate(lowered=Lower("name")).filter(lowered__in=lowered_names)
    for tag in matches:
        existing[tag.lowered] = tag
    return [existing.get(name.lower()) or tag_get_or_create(name=name) for name in names]


def post_create_or_update(
    *,
    post: Post,
    title: str,
    body: str,
    status: str,
    published_at: datetime | None = None,
    tag_names: list[str] | None = None,
    cover_image=None,
) -> Post:
    """Create or change a post with its tags, in one transaction in `blog_db`.

    A new post gets its slug here; an existing one keeps it, so links to the post keep working.
    `cover_image`: the form's value (apps/core/image_files.py `image_changes`): a new image's
    renditions, False to remove it, None to keep it.
    Lists are rendered again only when the post may join, leave or move in them: a new post, a
    new status or date, new tags (`tags.set()` writes nothing when they are the same).
    """
    moves_in_lists = post.pk is None or (post.status, post.published_at) != (status, published_at)
    post.title, post.body, post.status, post.published_at = title, body, status, published_at
    saved = (POST_TEXT, *((LISTS,) if moves_in_lists else ()), *_post_tags(post))
    with image_changes(post, {"cover_image": cover_image}, using=BLOG_DB):
        with content_changes(*saved):
            post.save()
        with content_changes(LISTS, POST_TEXT, *post_saved_tags(post.pk)):
            post.tags.set(tags_get_or_create(names=tag_names or []))
    return post


def _post_tags(post: Post) -> tuple[str, ...]:
    return () if post.pk is None else post_saved_tags(post.pk)


def post_delete_with_comments(*, post: Post) -> None:
    with (
        transaction.atomic(using=BLOG_DB),
        content_changes(LISTS, POST_TEXT, *post_saved_tags(post.pk)),
    ):
        post.delete()


def library_image_add(*, author_id: int, image: PreparedImage) -> LibraryImage:
    """Store an image in an author's image library."""
    entry = LibraryImage(author_id=author_id)
    with image_changes(entry, {"image": image}, using=BLOG_DB):
        entry.save()
    return entry


def library_image_delete(*, entry: LibraryImage) -> None:
    """Delete an image from the library; its files go once the deletion commits."""
    with transaction.atomic(using=BLOG_DB):
        entry.delete()


# --- Publication and moderation, one post or comment or many at once ----------------------------
# Each changes only the rows not yet in the wanted state, locked and written with one UPDATE,
# and returns their ids (the admin logs and counts them).


def post_publish(*, post_ids: Collection[int]) -> list[int]:
    """Publish these posts: dated now, unless they have a date (scheduled, or published before)."""
    now = timezone.now()
    with transaction.atomic(using=BLOG_DB):
        posts = list(
            Post.objects.filter(pk__in=post_ids)
            .exclude(status=Post.Status.PUBLISHED)
            .select_for_update()
            .only("pk", "status", "published_at")
        )
        for post in posts:
            post.status, post.updated_at = Post.Status.PUBLISHED, now
            post.publication_date_fill(now=now)
        Post.objects.bulk_update(posts, ["status", "published_at", "updated_at"])
    return [post.pk for post in posts]


def post_unpublish(*, post_ids: Collection[int]) -> list[int]:
    """Take these posts (public or scheduled) back to draft; their date is kept."""
    return _rows_update(
        Post.objects.filter(pk__in=post_ids, status=Post.Status.PUBLISHED),
        status=Post.Status.DRAFT,
        updated_at=timezone.now(),
    )


def comment_create(
    *,
    post: Post,
    author_id: int,
    body: str,
    parent: Comment | None = None,
    awaiting_approval: bool = False,
) -> Comment:
    with content_changes(post_tag(post.pk)):  # its thread, and its count wherever it is listed
        return Comment.objects.create(
            post=post,
            author_id=author_id,
            body=body,
            parent=parent,
            awaiting_approval=awaiting_approval,
        )


def comment_delete(*, comment: Comment) -> None:
    with content_changes(post_tag(comment.post_id)):  # replies go with it: the same post's
        comment.delete()


def comment_hide(*, comment_ids: Collection[int]) -> list[int]:
    return _rows_update(
        Comment.objects.filter(pk__in=comment_ids, is_visible=True), is_visible=False
    )


def comment_show(*, comment_ids: Collection[int]) -> list[int]:
    return _rows_update(
        Comment.objects.filter(pk__in=comment_ids, is_visible=False), is_visible=True
    )


def comment_approve(*, comment_ids: Collection[int]) -> list[int]:
    """Let readers see these held comments."""
    return _rows_update(
        Comment.objects.awaiting_approval().filter(pk__in=comment_ids), awaiting_approval=False
    )


def comment_reject(*, comment_ids: Collection[int]) -> list[int]:
    """Take these held comments out of the queue, hidden (staff can still show them)."""
    return _rows_update(
        Comment.objects.awaiting_approval().filter(pk__in=comment_ids),
        awaiting_approval=False,
        is_visible=False,
    )


def _rows_update(rows: QuerySet, **values) -> list[int]:
    with transaction.atomic(using=BLOG_DB):
        ids = list(rows.select_for_update().values_list("pk", flat=True))
        rows.filter(pk__in=ids).update(**values)
    return ids

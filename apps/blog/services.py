"""Blog write operations that more than one caller needs."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.blog.models import Post, unique_slug
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

WELCOME_TITLE = "Welcome to Quire"
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
                    title=WELCOME_TITLE,
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

"""Comments on posts, replies one level deep, and the moderation queue."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from apps.blog.models.fields import COMMENT_BODY_MAX_LENGTH
from apps.core.text import validate_no_control_characters


class CommentQuerySet(models.QuerySet):
    def public(self) -> "CommentQuerySet":
        """Comments readers see: shown and approved, and replying to a comment that is too (a
        hidden comment takes its replies with it)."""
        return self.filter(is_visible=True, awaiting_approval=False).filter(
            models.Q(parent=None)
            | models.Q(parent__is_visible=True, parent__awaiting_approval=False)
        )

    def awaiting_approval(self) -> "CommentQuerySet":
        """The moderation queue: comments held until someone approves or rejects them."""
        return self.filter(awaiting_approval=True)


class Comment(models.Model):
    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="comments",
    )
    body = models.TextField(
        max_length=COMMENT_BODY_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_BODY_MAX_LENGTH), validate_no_control_characters],
    )
    # The top-level comment this one replies to: replies are one level deep, shown under it.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    is_visible = models.BooleanField(default=True)
    # Held for approval (COMMENT_MODERATION): shown to its writer only until approved.
    awaiting_approval = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["author"], name="comment_author_idx"),
            # The queue is small beside all comments: only its rows are indexed.
            models.Index(
                fields=["post", "created_at"],
                condition=models.Q(awaiting_approval=True),
                name="comment_awaiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by #{self.author_id} on {self.post_id}"

"""Comments on posts, replies one level deep, and the moderation queue."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.html import linebreaks

from apps.blog.models.fields import COMMENT_BODY_MAX_LENGTH
from apps.core.text import validate_no_control_characters


def comment_body_html(body: str) -> str:
    """A comment's body as readers see it: plain text, escaped, its blank lines paragraphs and
    its other line breaks `<br>` (Django's `linebreaks` filter)."""
    return linebreaks(body, autoescape=True)


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
    # Derived from `body` on save (body_render), so a page of comments is not escaped and split
    # into paragraphs again on every render (bench/HISTORY.md, "Post page cold render").
    body_html = models.TextField(editable=False, default="")
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

    def save(self, *args, **kwargs) -> None:
        self.body_render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def body_render(self) -> None:
        """Derive the stored HTML from `body`. `bulk_create` calls no `save()`: bulk writers
        (apps/blog/seeding.py) call this themselves."""
        self.body_html = comment_body_html(self.body)

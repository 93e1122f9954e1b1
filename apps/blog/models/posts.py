"""Posts and their states (draft, scheduled, public) as filters and as a property."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.blog.headings import headings_under_title
from apps.blog.models.comments import Comment
from apps.blog.models.counts import count_of
from apps.blog.models.fields import markdown_body_field, title_field
from apps.blog.models.slugs import save_with_unique_slug
from apps.blog.models.tags import Tag
from apps.blog.rendering import excerpt_from_html, render_markdown
from apps.core.image_fields import RenditionsImageField
from apps.core.images import COVER, Picture, picture_of
from apps.core.url_templates import url_with_argument

WORDS_PER_MINUTE = 230


class PostQuerySet(models.QuerySet):
    """A post's state (`Post.State`) as filters; `Post.state` is the same rule for one post."""

    def drafts(self) -> "PostQuerySet":
        # A published post always has a date (Post.publication_date_fill); one without is no
        # more public than a draft.
        return self.filter(models.Q(status=Post.Status.DRAFT) | models.Q(published_at__isnull=True))

    def scheduled(self) -> "PostQuerySet":
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def published(self, *, now: datetime | None = None) -> "PostQuerySet":
        """Posts the public may see (at `now`, default: now): published, and not scheduled for
        later."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def next_publication_at(self) -> datetime | None:
        """When the earliest scheduled post goes public (None: nothing is scheduled)."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def by_author(self, author_id: int) -> "PostQuerySet":
        return self.filter(author_id=author_id)

    def with_comment_count(self, *, hidden_too: bool = False) -> "PostQuerySet":
        """Annotates `comment_count`: the comments readers see, or all of them for moderators."""
        comments = Comment.objects.all() if hidden_too else Comment.objects.public()
        return self.annotate(comment_count=count_of(comments, pointing_at="post"))


class Post(models.Model):
    class Status(models.TextChoices):
        """What the author chose (the form's `status`)."""

        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class State(models.TextChoices):
        """What readers get: the status and the publication date together (`Post.state`)."""

        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLIC = "public", "Published"

    # Path segments under /posts/ that are pages of their own.
    RESERVED_SLUGS = frozenset({"new"})

    title = title_field()
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="posts",
    )
    body = markdown_body_field()
    # Derived from `body` on save (body_render), so lists need not load or parse the body.
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(editable=False, default="")
    word_count = models.PositiveIntegerField(editable=False, default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    # The largest rendition of the cover image and its size (apps/core/images.py); written by
    # apps.blog.services, never from an upload directly.
    cover_image = RenditionsImageField(kind=COVER.directory)
    cover_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    is_welcome = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_published_idx"),
            models.Index(fields=["author", "status", "-published_at"], name="post_author_idx"),
        ]
        constraints = [
            # At most one welcome post per author, whatever races between repairs.
            models.UniqueConstraint(
                fields=["author"], condition=models.Q(is_welcome=True), name="one_welcome_post"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.publication_date_fill()
        self.body_render()
        save_with_unique_slug(
            self, lambda: super(Post, self).save(*args, **kwargs), text=self.title
        )

    def get_absolute_url(self) -> str:
        return url_with_argument("post_detail", self.slug)

    def body_render(self, *, html: str | None = None) -> None:
        """Derive the stored HTML, excerpt and word count from the Markdown `body`.

        `html`: the body already rendered (bulk seeding renders shared paragraphs once).
        """
        if html is None:
            html = headings_under_title(render_markdown(self.body))
        self.body_html = html
        self.excerpt = excerpt_from_html(self.body_html)
        self.word_count = len(self.body.split())

    def publication_date_fill(self, *, now: datetime | None = None) -> None:
        """A post published without a date is published now; a date it has (a schedule, or the
        date of an earlier publication) is kept."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = now or timezone.now()

    @property
    def state(self) -> "Post.State":
        """The rule of PostQuerySet.drafts(), scheduled() and published(), for this post."""
        if self.status == self.Status.DRAFT or self.published_at is None:
            return self.State.DRAFT
        if self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State.PUBLIC

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLIC

    @property
    def cover_picture(self) -> Picture | None:
        """The cover image's renditions (src, srcset, width, height), None without one."""
        return picture_of(
            self.cover_image.name,
            width=self.cover_image_width,
            height=self.cover_image_height,
            kind=COVER,
        )

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

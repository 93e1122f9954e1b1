"""Blog content. Everything here lives in `blog_db`; authors are users in `default`.

Author relations are declared with `db_constraint=False` (no FOREIGN KEY can point at another
database) and `on_delete=DO_NOTHING` (so Django's deletion Collector, which runs on `default`, skips
them). Deleting a user's blog content is done explicitly by `apps.blog.integrity`.
"""

import secrets
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, router, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.blog.headings import headings_under_title
from apps.blog.rendering import excerpt_from_html, render_markdown, validate_markdown_nesting
from apps.core.image_fields import RenditionsImageField
from apps.core.images import BODY_IMAGE, COVER, Picture, picture_of
from apps.core.text import validate_no_control_characters
from apps.core.url_templates import url_with_argument

WORDS_PER_MINUTE = 230
# Rendering and sanitising the worst body of this length stays well under a second
# (bench/markdown.py).
POST_BODY_MAX_LENGTH = 100_000
COMMENT_BODY_MAX_LENGTH = 5000


def title_field() -> models.CharField:
    """The title of a post or a page: shown in the page's <h1>, the navigation and feeds."""
    return models.CharField(
        max_length=200,
        validators=[validate_no_control_characters, validate_no_invisible_characters],
    )


def markdown_body_field() -> models.TextField:
    """The Markdown source of a post or a page, bounded so that rendering stays fast."""
    return models.TextField(
        help_text="Markdown.",
        validators=[
            MaxLengthValidator(POST_BODY_MAX_LENGTH),
            validate_no_control_characters,
            validate_markdown_nesting,
        ],
    )


def unique_slug(
    model: type[models.Model], text: str, *, max_length: int, exclude_pk=None, random_suffix=False
) -> str:
    """A readable slug for `text`, made unique in `model` with a numeric suffix when needed."""
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-") or "post"
    if random_suffix:
        return f"{base}-{secrets.token_hex(3)}"
    taken = model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
    # Some slugs are pages of their own (/posts/new/): never give them to an object.
    taken_slugs = set(taken.values_list("slug", flat=True)) | getattr(
        model, "RESERVED_SLUGS", set()
    )
    slug, suffix = base, 2
    while slug in taken_slugs:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


SLUG_ATTEMPTS = 8


def save_with_unique_slug(instance: models.Model, save: Callable[[], None], *, text: str) -> None:
    """Run `save()`, first giving `instance` a unique slug for `text` if it has none.

    Two authors saving the same title at once can both find the same slug free; the unique index
    decides, and the loser retries with the next free slug (then a random suffix), so every post
    lands with its own slug and nobody sees a 500.
    """
    if instance.slug:
        save()
        return
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length
    for attempt in range(SLUG_ATTEMPTS):
        instance.slug = unique_slug(
            model, text, max_length=max_length, exclude_pk=instance.pk, random_suffix=attempt >= 2
        )
        try:
            with transaction.atomic(using=router.db_for_write(model, instance=instance)):
                save()
            return
        except IntegrityError:
            slug_taken = model.objects.filter(slug=instance.slug).exclude(pk=instance.pk).exists()
            instance.slug = ""
            if not slug_taken or attempt == SLUG_ATTEMPTS - 1:
                raise


class Tag(models.Model):
    name = models.CharField(
        max_length=50,
        unique=True,
        validators=[validate_no_control_characters, validate_no_invisible_characters],
    )
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Django" and "django" are one tag: two would split its posts over two pages.
            models.UniqueConstraint(
                Lower("name"),
                name="tag_name_unique_whatever_case",
                violation_error_message="A tag with this name exists already, whatever its case.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        save_with_unique_slug(self, lambda: super(Tag, self).save(*args, **kwargs), text=self.name)

    def get_absolute_url(self) -> str:
        return url_with_argument("tag_detail", self.slug)


def count_of(rows: models.QuerySet, *, pointing_at: str) -> Coalesce:
    """The number of `rows` whose `pointing_at` is the outer row.

    A correlated subquery rather than JOIN + GROUP BY: the outer query stays a plain scan of its
    table, so a paginator's or changelist's COUNT(*) drops it and filters that join (tags) cannot
    multiply it.
    """
    counted = (
        rows.filter(**{pointing_at: OuterRef("pk")})
        .order_by()
        .values(pointing_at)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


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
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
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


# The rendition an image library's Markdown shows: a post column at 1.5x (Markdown has no srcset).
LIBRARY_MARKDOWN_WIDTH = 1024


class LibraryImage(models.Model):
    """An image an author uploaded to show inside their posts: their image library
    (/dashboard/images/) gives the Markdown to paste into a post's body."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="library_images",
    )
    image = RenditionsImageField(kind=BODY_IMAGE.directory, blank=False)
    image_width = models.PositiveIntegerField(editable=False)
    image_height = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="library_image_author_idx")]

    def __str__(self) -> str:
        return self.image.name

    @property
    def picture(self) -> Picture:
        return picture_of(
            self.image.name, width=self.image_width, height=self.image_height, kind=BODY_IMAGE
        )

    @property
    def markdown(self) -> str:
        """What to paste into a post's body to show the image."""
        return f"![Describe the image]({self.picture.rendition(LIBRARY_MARKDOWN_WIDTH).url})"


class Page(models.Model):
    """A page of its own at /pages/<slug>/ (About, Contact...), in the navigation when it has a
    `nav_order`."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = title_field()
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True, blank=True)
    body = markdown_body_field()
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    nav_order = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Position in the site navigation (lowest first); empty: not in the navigation.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nav_order", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = headings_under_title(render_markdown(self.body))
        save_with_unique_slug(
            self, lambda: super(Page, self).save(*args, **kwargs), text=self.title
        )

    def get_absolute_url(self) -> str:
        return url_with_argument("page_detail", self.slug)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


SITE_TITLE_DEFAULT = "Quire"
SITE_DESCRIPTION_DEFAULT = "Quire: writing worth reading."
SITE_FOOTER_DEFAULT = "Quire: writing worth reading. Follow new posts in any feed reader."
SITE_SETTINGS_PK = 1
_SITE_TEXT_VALIDATORS = [validate_no_control_characters, validate_no_invisible_characters]


class SiteSettings(models.Model):
    """The site's title, description and footer text: one row (pk 1), defaults while none."""

    id = models.PositiveSmallIntegerField(
        primary_key=True, default=SITE_SETTINGS_PK, editable=False
    )
    title = models.CharField(
        max_length=60, default=SITE_TITLE_DEFAULT, validators=_SITE_TEXT_VALIDATORS
    )
    description = models.CharField(
        max_length=300,
        default=SITE_DESCRIPTION_DEFAULT,
        validators=_SITE_TEXT_VALIDATORS,
        help_text="Shown to search engines and link previews for pages without their own.",
    )
    footer_text = models.CharField(
        max_length=300, default=SITE_FOOTER_DEFAULT, validators=_SITE_TEXT_VALIDATORS
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=SITE_SETTINGS_PK), name="site_settings_single_row"
            ),
        ]

    def __str__(self) -> str:
        return "Site settings"

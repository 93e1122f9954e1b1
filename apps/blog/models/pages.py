"""Static pages (About, Contact...) and their place in the navigation."""

from django.db import models

from apps.blog.headings import headings_under_title
from apps.blog.models.fields import markdown_body_field, title_field
from apps.blog.models.slugs import save_with_unique_slug
from apps.blog.rendering import render_markdown
from apps.core.url_templates import url_with_argument


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

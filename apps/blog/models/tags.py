"""Tags: one per name whatever its case, each with a page of its posts."""

from django.db import models
from django.db.models.functions import Lower

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.blog.models.slugs import save_with_unique_slug
from apps.core.text import validate_no_control_characters
from apps.core.url_templates import url_with_argument


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

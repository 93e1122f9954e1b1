"""Fields that posts and pages share: a title, and a Markdown body bounded so that rendering
stays fast."""

from django.core.validators import MaxLengthValidator
from django.db import models

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.blog.rendering import validate_markdown_nesting
from apps.core.text import validate_no_control_characters

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

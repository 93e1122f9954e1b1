"""Blog content. Everything here lives in `blog_db`; authors are users in `default`.

Author relations are declared with `db_constraint=False` (no FOREIGN KEY can point at another
database) and `on_delete=DO_NOTHING` (so Django's deletion Collector, which runs on `default`, skips
them). Deleting a user's blog content is done explicitly by `apps.blog.integrity`.

The models live in one module each; every name other code imports is re-exported here, so
`from apps.blog.models import Post` keeps working.
"""

from apps.blog.models.comments import Comment, CommentQuerySet
from apps.blog.models.counts import count_of
from apps.blog.models.fields import (
    COMMENT_BODY_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
    markdown_body_field,
    title_field,
)
from apps.blog.models.library import LIBRARY_MARKDOWN_WIDTH, LibraryImage
from apps.blog.models.pages import Page
from apps.blog.models.posts import WORDS_PER_MINUTE, Post, PostQuerySet
from apps.blog.models.site_settings import (
    SITE_DESCRIPTION_DEFAULT,
    SITE_FOOTER_DEFAULT,
    SITE_SETTINGS_PK,
    SITE_TITLE_DEFAULT,
    SiteSettings,
)
from apps.blog.models.slugs import SLUG_ATTEMPTS, save_with_unique_slug, unique_slug
from apps.blog.models.tags import Tag

__all__ = [
    "COMMENT_BODY_MAX_LENGTH",
    "LIBRARY_MARKDOWN_WIDTH",
    "POST_BODY_MAX_LENGTH",
    "SITE_DESCRIPTION_DEFAULT",
    "SITE_FOOTER_DEFAULT",
    "SITE_SETTINGS_PK",
    "SITE_TITLE_DEFAULT",
    "SLUG_ATTEMPTS",
    "WORDS_PER_MINUTE",
    "Comment",
    "CommentQuerySet",
    "LibraryImage",
    "Page",
    "Post",
    "PostQuerySet",
    "SiteSettings",
    "Tag",
    "count_of",
    "markdown_body_field",
    "save_with_unique_slug",
    "title_field",
    "unique_slug",
]

"""Admin for blog content (in `blog_db`) whose authors are users (in `default`).

What the stock admin would get wrong across the two databases, and what is done instead:
- list pages would `select_related()` every ForeignKey, JOINing `accounts_user` into a `blog_db`
  query: `list_select_related` names only same-database relations, and the authors of a page are
  attached afterwards with one query on `default` (`AuthorBatchChangeList`);
- `search_fields = ["author__username"]` would JOIN too: matching users are resolved in `default`
  first, then the rows are filtered by `author_id` (`AuthorSearchMixin`);
- a `RelatedFieldListFilter` on `author` would list every user: `AuthorListFilter` lists only
  the authors of the rows in `blog_db`, fetched by id from `default`.

Atomicity: `ModelAdmin.changeform_view` and `delete_view` already run their POST in
`transaction.atomic(using=router.db_for_write(self.model))`, which is `blog_db` for these models
(checked in tests/test_admin.py), so it is not repeated here. Actions are not wrapped by Django,
so the ones defined here open their own `blog_db` transaction. The admin log (LogEntry) is written
to `default`, outside that transaction: it runs before `blog_db` commits, so a failed log write
rolls the change back, never the other way round.

One module per subject: authors.py (the cross-database pieces above), posts.py (posts and
tags), comments.py, library.py (library images), site.py (pages and the site settings).
Importing this package registers them all, and puts BlogUserAdmin in place of the user admin.
"""

from apps.blog import admin_users  # noqa: F401  (puts BlogUserAdmin in place of the user admin)
from apps.blog.admin.authors import (
    AuthorBatchChangeList,
    AuthorListFilter,
    AuthorSearchMixin,
    BlogModelAdmin,
    author_ids_matching,
    user_change_url,
)
from apps.blog.admin.comments import CommentAdmin
from apps.blog.admin.library import LibraryImageAdmin
from apps.blog.admin.posts import PostAdmin, PostChangeList, TagAdmin
from apps.blog.admin.site import PageAdmin, SiteSettingsAdmin

__all__ = [
    "AuthorBatchChangeList",
    "AuthorListFilter",
    "AuthorSearchMixin",
    "BlogModelAdmin",
    "CommentAdmin",
    "LibraryImageAdmin",
    "PageAdmin",
    "PostAdmin",
    "PostChangeList",
    "SiteSettingsAdmin",
    "TagAdmin",
    "author_ids_matching",
    "user_change_url",
]

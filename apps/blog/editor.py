"""What the post form offers besides saving: a preview, and word to the browser that a save went
through. docs/writing.md describes both, and the copy of the form the browser keeps.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

from apps.blog.models import Post

PREVIEW_BUTTON = "preview"  # the name of the post form's Preview button
# Set on the form's own path when a save went through: static/js/draft-autosave.js then drops the
# copy of the form it kept in the browser. Kept until the form is opened again, at most this long.
SAVED_COOKIE = "quire_draft_saved"
SAVED_COOKIE_MAX_AGE = timedelta(days=30)


@dataclass(frozen=True)
class PostPreview:
    """A post as saving the form would show it: `post` is never saved, `tag_names` never
    created."""

    post: Post
    tag_names: list[str]


def post_preview(
    *, title: str, body: str, status: str, published_at: datetime | None, tag_names: list[str]
) -> PostPreview:
    """Render the form's post through the pipeline a save uses (Post.body_render); write nothing."""
    post = Post(title=title, body=body, status=status, published_at=published_at)
    post.publication_date_fill()
    post.body_render()
    return PostPreview(post=post, tag_names=tag_names)


def saved_cookie_set(response: HttpResponse, *, form_path: str) -> None:
    """Tell the browser's copy of the form at `form_path` that the form was saved."""
    response.set_cookie(
        SAVED_COOKIE,
        "1",
        max_age=SAVED_COOKIE_MAX_AGE,
        path=escape_uri_path(form_path),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,  # read and removed by the script
        samesite="Lax",
    )

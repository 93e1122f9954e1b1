"""`{% comment_thread comments page=comment_page post=post %}`: a page of a post's comments,
each with its replies, as HTML built in Python.

A page holds up to fifty comments, each an avatar, an author link, two dates, a body and a Reply
link. The template engine paid a variable lookup, a filter or a tag and an include for each of
those pieces: most of the post page's CPU time whenever its comments are rendered again
(bench/HISTORY.md, "Post page cold render"). `format_html` escapes every value, as the template
did.
"""

from django import template
from django.core.paginator import Page
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.templatetags.pictures import avatar
from apps.blog.dates import day_month_year_time
from apps.blog.models import Comment, Post
from apps.core.url_templates import url_with_argument

register = template.Library()

NOTHING = mark_safe("")  # an empty value format_html need not escape


# What a comment and a reply both show: avatar, who and when (and a Remove link for a viewer
# who may remove it), and the body; each comment is one format_html call.
COMMENT_CONTENT = (
    '{avatar}\n<p class="meta">\n<a href="{author_url}">{name}</a>\n'
    '<span aria-hidden="true">·</span>\n<time datetime="{created_iso}">{created}</time>\n'
    '{remove}\n</p>\n<div class="comment-body">{body}</div>'
)
TOP_LEVEL = (
    '<article class="comment" id="comment-{pk}">\n' + COMMENT_CONTENT + "\n"
    '<p class="comment-actions"><a href="?{reply_query}reply={pk}#comment-form">Reply'
    '<span class="visually-hidden"> to {name}</span></a></p>{replies}\n</article>'
)
REPLY = (
    '<article class="comment comment-reply" id="comment-{pk}">\n' + COMMENT_CONTENT + "\n</article>"
)
REMOVE = (
    '<span aria-hidden="true">·</span> <a href="{}">Remove'
    '<span class="visually-hidden"> this comment</span></a>'
)


def comment_content(comment: Comment, *, post: Post, avatar_size: str) -> dict:
    """The values of COMMENT_CONTENT for `comment`."""
    created = timezone.localtime(comment.created_at)
    author = comment.author
    remove = NOTHING
    if comment.can_delete:
        remove = format_html(REMOVE, reverse("comment_delete", args=[post.slug, comment.pk]))
    return {
        "pk": comment.pk,
        "avatar": avatar(author, avatar_size),
        "author_url": url_with_argument("author_detail", author.username),
        "name": author.public_name,
        "created_iso": created.isoformat(),  # the `date` filter's "c"
        "created": day_month_year_time(created),  # the `date` filter's "j M Y, H:i"
        "remove": remove,
        "body": mark_safe(linebreaks(comment.body, autoescape=True)),  # the `linebreaks` filter
    }


def comment_html(comment: Comment, *, post: Post, reply_query: SafeString) -> SafeString:
    """A top-level comment, its Reply link (`reply_query` keeps the page of comments) and the
    replies shown under it."""
    content = comment_content(comment, post=post, avatar_size="s")
    replies = NOTHING
    if comment.replies_shown:
        replies = format_html(
            '\n<div class="comment-replies" aria-label="Replies to {}" role="group">\n{}\n</div>',
            content["name"],
            mark_safe(
                "\n".join(
                    format_html(REPLY, **comment_content(reply, post=post, avatar_size="xs"))
                    for reply in comment.replies_shown
                )
            ),
        )
    return format_html(TOP_LEVEL, reply_query=reply_query, replies=replies, **content)


@register.simple_tag
def comment_thread(comments: list[Comment], *, page: Page, post: Post) -> SafeString:
    """Every comment of `page` (`comments`: its comments, with `replies_shown` and `can_delete`
    set, and their authors attached)."""
    reply_query = format_html("comments={}&amp;", page.number) if page.number > 1 else NOTHING
    return mark_safe(
        "\n".join(comment_html(c, post=post, reply_query=reply_query) for c in comments)
    )

"""`{% comment_thread comments page=comment_page post=post %}`: a page of a post's comments,
each with its replies, as HTML built in Python.

A page holds up to fifty comments, each an avatar, an author link, two dates, a body and a Reply
link. The template engine paid a variable lookup, a filter or a tag and an include for each of
those pieces: most of the post page's CPU time whenever its comments are rendered again
(bench/HISTORY.md, "Post page cold render"). Each text value (a name, an address, a date) is
escaped once with Django's `escape`, as the template did; the pieces that are markup already
(avatar, the body's HTML stored when the comment was saved, Remove link, replies) and numbers go
in as they are, since `format_html` would
only pass them through `conditional_escape` again, a few hundred calls per page.
"""

from django import template
from django.core.paginator import Page
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.templatetags.pictures import avatar
from apps.blog.comment_selectors import ShownComment
from apps.blog.dates import DateWriter
from apps.blog.models import Post
from apps.core.url_templates import urls_with_argument

register = template.Library()

NOTHING = mark_safe("")  # an empty value format_html need not escape


# What a comment and a reply both show: avatar, who and when (and a Remove link for a viewer
# who may remove it), and the body; each comment is one str.format of values that are either
# escaped (comment_content) or markup built here.
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
REPLIES = (
    '\n<div class="comment-replies" aria-label="Replies to {name}" role="group">\n{replies}\n</div>'
)
REMOVE = (
    '<span aria-hidden="true">·</span> <a href="{}">Remove'
    '<span class="visually-hidden"> this comment</span></a>'
)


class CommentThread:
    """Renders the comments of one page. What every comment shares is worked out once: the
    author address's template (a thread-local read of the script prefix), the time zone and
    the months' names (a translation lookup each)."""

    def __init__(self, *, post: Post, reply_query: SafeString) -> None:
        self.post = post
        self.reply_query = reply_query  # keeps the page of comments in Reply links
        self.author_url = urls_with_argument("author_detail")
        self.zone = timezone.get_current_timezone()
        self.dates = DateWriter(html=True)  # dates safe in HTML as written

    def content(self, comment: ShownComment, *, avatar_size: str) -> dict:
        """The values of COMMENT_CONTENT for `comment`, each safe to put in HTML as it is."""
        created = timezone.localtime(comment.created_at, self.zone)
        author = comment.writer  # a Byline (apps/accounts/bylines.py)
        remove = NOTHING
        if comment.can_delete:
            remove = format_html(
                REMOVE, reverse("comment_delete", args=[self.post.slug, comment.pk])
            )
        return {
            "pk": comment.pk,  # an int
            "avatar": avatar(author, avatar_size),
            "author_url": escape(self.author_url(author.username)),
            "name": escape(author.public_name),
            # The `date` filter's "c": digits and separators, nothing to escape.
            "created_iso": created.isoformat(),
            "created": self.dates.day_month_year_time(created),  # the filter's "j M Y, H:i"
            "remove": remove,
            "body": comment.body_html,  # stored escaped, as the `linebreaks` filter writes it
        }

    def comment(self, comment: ShownComment) -> str:
        """A top-level comment, its Reply link and the replies shown under it; HTML whose
        values `content` escaped."""
        content = self.content(comment, avatar_size="s")
        replies = ""
        if comment.replies_shown:
            replies = REPLIES.format(
                name=content["name"],
                replies="\n".join(
                    REPLY.format(**self.content(reply, avatar_size="xs"))
                    for reply in comment.replies_shown
                ),
            )
        return TOP_LEVEL.format(reply_query=self.reply_query, replies=replies, **content)


@register.simple_tag
def comment_thread(comments: list[ShownComment], *, page: Page, post: Post) -> SafeString:
    """Every comment of `page` (`comments`: its comments, with `replies_shown`, `can_delete` and
    their writers' bylines set: comment_selectors.comments_with_replies)."""
    reply_query = format_html("comments={}&amp;", page.number) if page.number > 1 else NOTHING
    thread = CommentThread(post=post, reply_query=reply_query)
    return mark_safe("\n".join(thread.comment(c) for c in comments))

"""`{% comment_thread comments page=comment_page post=post %}`: a page of a post's comments,
each with its replies, as HTML built in Python.

A page holds up to fifty comments, each an avatar, an author link, two dates, a body and a Reply
link. The template engine paid a variable lookup, a filter or a tag and an include for each of
those pieces: most of the post page's CPU time whenever its comments are rendered again
(bench/HISTORY.md, "Post page cold render"). Each text value (a name, an address, a date) is
escaped once (apps/core/html.py: the text of Django's `escape`, as the template wrote it) as a
plain `str`; the pieces that are markup already (avatar, the body's HTML stored when the comment
was saved, Remove link, replies) and numbers go in as they are, and the page of comments is
marked safe once, as a whole: `format_html` would pass every piece through `conditional_escape`
again, a few hundred calls per page.
"""

from collections.abc import Callable
from functools import cached_property

from django import template
from django.core.paginator import Page
from django.utils import timezone
from django.utils.safestring import SafeString

from apps.accounts.bylines import Byline
from apps.accounts.templatetags.pictures import avatar
from apps.blog.comment_selectors import ShownComment
from apps.blog.dates import DateWriter
from apps.blog.models import Post
from apps.core.html import escape_text
from apps.core.url_templates import urls_with_argument, urls_with_number

register = template.Library()


class CommentThread:
    """Renders the comments of one page. What every comment shares is worked out once: the
    author address's template (a thread-local read of the script prefix), the time zone and
    the months' names (a translation lookup each); what a writer's comments share (avatar,
    author link, escaped name) once per writer and avatar size, since writers come back on a
    page (a thread of replies between two people).

    A comment and a reply both show an avatar, who and when (and a Remove link for a viewer who
    may remove it) and the body; the markup is written in f-strings of values that are escaped
    here or are markup already."""

    def __init__(self, *, post: Post, reply_query: str) -> None:
        self.post = post
        self.reply_query = reply_query  # keeps the page of comments in Reply links
        self.author_url = urls_with_argument("author_detail")
        self.zone = timezone.get_current_timezone()
        self.dates = DateWriter(html=True)  # dates safe in HTML as written
        # (writer's pk, avatar size) -> (the markup up to the comment's date, escaped name)
        self._writers: dict[tuple[int, str], tuple[str, str]] = {}

    @cached_property
    def remove_url(self) -> Callable[[int], str]:
        """A comment's removal address from its id, reversed once per post, when the first
        Remove link is written (most viewers may remove none)."""
        return urls_with_number("comment_delete", self.post.slug)

    def writer(self, author: Byline, avatar_size: str) -> tuple[str, str]:
        """What every comment of `author` shows before its date: the avatar and the author
        link, up to the opening of `<time datetime="`; and the author's name, escaped."""
        key = (author.pk, avatar_size)
        shown = self._writers.get(key)
        if shown is None:
            name = escape_text(author.public_name)
            url = escape_text(self.author_url(author.username))
            lead = (
                f'{avatar(author, avatar_size)}\n<p class="meta">\n<a href="{url}">{name}</a>\n'
                '<span aria-hidden="true">·</span>\n<time datetime="'
            )
            shown = self._writers[key] = (lead, name)
        return shown

    def content(self, comment: ShownComment, lead: str) -> str:
        """The avatar, who and when, the Remove link (if any) and the body of `comment`."""
        created = comment.created_at.astimezone(self.zone)  # aware, from the database
        remove = ""
        if comment.can_delete:
            url = escape_text(self.remove_url(comment.pk))
            remove = (
                f'<span aria-hidden="true">·</span> <a href="{url}">Remove'
                '<span class="visually-hidden"> this comment</span></a>'
            )
        # The `date` filter's "c" (isoformat): digits and separators, nothing to escape; the
        # body is stored escaped, as the `linebreaks` filter writes it.
        return (
            f'{lead}{created.isoformat()}">{self.dates.day_month_year_time(created)}</time>\n'
            f'{remove}\n</p>\n<div class="comment-body">{comment.body_html}</div>'
        )

    def reply(self, reply: ShownComment) -> str:
        """A reply, shown under its comment with a smaller avatar and no Reply link."""
        lead = self.writer(reply.writer, "xs")[0]
        return (
            f'<article class="comment comment-reply" id="comment-{reply.pk}">\n'
            f"{self.content(reply, lead)}\n</article>"
        )

    def comment(self, comment: ShownComment) -> str:
        """A top-level comment, its Reply link and the replies shown under it."""
        lead, name = self.writer(comment.writer, "s")
        replies = ""
        if comment.replies_shown:
            shown = "\n".join(self.reply(reply) for reply in comment.replies_shown)
            replies = (
                f'\n<div class="comment-replies" aria-label="Replies to {name}" role="group">\n'
                f"{shown}\n</div>"
            )
        pk = comment.pk
        return (
            f'<article class="comment" id="comment-{pk}">\n{self.content(comment, lead)}\n'
            f'<p class="comment-actions"><a href="?{self.reply_query}reply={pk}#comment-form">'
            f'Reply<span class="visually-hidden"> to {name}</span></a></p>{replies}\n</article>'
        )


@register.simple_tag
def comment_thread(comments: list[ShownComment], *, page: Page, post: Post) -> SafeString:
    """Every comment of `page` (`comments`: its comments, with `replies_shown`, `can_delete` and
    their writers' bylines set: comment_selectors.comments_with_replies)."""
    reply_query = f"comments={page.number}&amp;" if page.number > 1 else ""  # a number
    thread = CommentThread(post=post, reply_query=reply_query)
    return SafeString("\n".join(thread.comment(c) for c in comments))

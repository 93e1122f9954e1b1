"""E-mail about a reply: to the post's author and to the writer of the comment replied to.

Sent once the reply is committed in `blog_db`, never to the person who wrote it, and only to
people whose profile keeps `notify_replies` on; their addresses are read from `default` in one
query.
"""

from collections.abc import Callable, Collection

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

from apps.blog import comment_selectors
from apps.blog.models import Comment
from apps.blog.site_content import site_title
from apps.multidb.aliases import BLOG_DB


def notify_after_commit(*, reply: Comment, url: str) -> None:
    """Mail about `reply` (a comment with a parent) once `blog_db` has committed it."""
    transaction.on_commit(lambda: send_reply_notifications(reply=reply, url=url), using=BLOG_DB)


def notify_approved_replies(
    *, comment_ids: Collection[int], absolute_url: Callable[[str], str]
) -> None:
    """Mail about the replies among `comment_ids`, just approved: held replies sent none.

    `absolute_url` makes a path absolute (`request.build_absolute_uri`).
    """
    replies = Comment.objects.filter(pk__in=comment_ids, parent__isnull=False).select_related(
        "post", "parent"
    )
    for reply in replies:
        notify_after_commit(
            reply=reply, url=absolute_url(comment_selectors.comment_path(comment=reply))
        )


def send_reply_notifications(*, reply: Comment, url: str) -> int:
    """Mail everyone concerned by `reply`; returns how many mails were sent."""
    concerned = {reply.post.author_id, reply.parent.author_id} - {reply.author_id}
    people = get_user_model().objects.in_bulk({*concerned, reply.author_id})
    if reply.author_id not in people:
        return 0  # the writer was deleted meanwhile; their reply goes with them
    reply.author = people[reply.author_id]
    recipients = [
        people[pk]
        for pk in sorted(concerned & people.keys())
        if people[pk].is_active and people[pk].notify_replies and people[pk].email
    ]
    title = site_title()
    context = {"reply": reply, "post": reply.post, "url": url, "site_title": title}
    messages = [
        EmailMessage(
            subject=f"New reply on “{reply.post.title}” · {title}",
            body=render_to_string(
                "blog/reply_notification_email.txt", {**context, "recipient": recipient}
            ),
            to=[recipient.email],
        )
        for recipient in recipients
    ]
    return get_connection().send_messages(messages) if messages else 0

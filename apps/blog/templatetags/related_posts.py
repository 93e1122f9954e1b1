"""`{% related_post_items related_posts %}`: the post page's related posts as list items, built
in Python, like the comment thread (comment_thread.py): a template loop paid a lookup or a
filter per value, two date formats per post among them.

Each text value (an address, a title, a name) is escaped once, as Django's `escape` does
(`html.escape`, quotes included) without its lazy-string wrapper; the dates are digits,
separators and a month's name `DateWriter` escaped, and go in as they are.
"""

import html

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from apps.blog.dates import DateWriter
from apps.blog.related_posts import RelatedPost
from apps.core.url_templates import urls_with_argument

register = template.Library()

RELATED_POST_ITEM = (
    '<li>\n<a href="{url}">{title}</a>\n<span class="meta">by {name} '
    '<span aria-hidden="true">·</span> <time datetime="{published_iso}">{published}</time>'
    "</span>\n</li>"
)


@register.simple_tag
def related_post_items(posts: list[RelatedPost]) -> SafeString:
    """`<li>` per post (apps/blog/related_posts.py): its title linked, its writer's name and its
    publication date."""
    post_url = urls_with_argument("post_detail")
    zone = timezone.get_current_timezone()
    dates = DateWriter(html=True)

    def item(post: RelatedPost) -> str:
        published = timezone.localtime(post.published_at, zone)
        return RELATED_POST_ITEM.format(
            url=html.escape(post_url(post.slug)),
            title=html.escape(post.title),
            name=html.escape(post.writer.public_name),
            published_iso=published.isoformat(),  # the `date` filter's "c"
            published=dates.day_month_year(published),  # its "j M Y"
        )

    return mark_safe("\n".join(item(post) for post in posts))

"""`{% related_post_items related_posts %}`: the post page's related posts as list items, built
in Python with `format_html` (every value escaped), like the comment thread (comment_thread.py):
a template loop paid a lookup or a filter per value, two date formats per post among them."""

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from apps.blog.dates import day_month_year
from apps.blog.models import Post

register = template.Library()


@register.simple_tag
def related_post_items(posts: list[Post]) -> SafeString:
    """`<li>` per post: its title linked, its author's name and its publication date."""

    def values(post: Post) -> tuple:
        published = timezone.localtime(post.published_at)
        return (
            post.get_absolute_url(),
            post.title,
            post.author.public_name,
            published.isoformat(),  # the `date` filter's "c"
            day_month_year(published),
        )

    return format_html_join(
        "\n",
        '<li>\n<a href="{}">{}</a>\n<span class="meta">by {} <span aria-hidden="true">·</span> '
        '<time datetime="{}">{}</time></span>\n</li>',
        (values(post) for post in posts),
    )

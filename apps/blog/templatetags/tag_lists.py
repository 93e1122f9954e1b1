"""`{% tag_list tags %}`: a post's tags as the `<ul>` of links its card (post_cards.py) and its
page show, written in Python; `{% tag_meta tags %}`: its page's `article:tag` meta tags.

Through the template engine (an include, a loop, a method call and two lookups per tag) the post
page's four tags cost about 45 us of a cold render; this writes the same markup in a few. Names
and addresses are escaped as Django's `escape` escapes them, without its lazy-string wrapper
(apps/core/html.py).
"""

from typing import Protocol

from django import template
from django.utils.safestring import SafeString, mark_safe

from apps.core.html import escape_text
from apps.core.url_templates import urls_with_argument

register = template.Library()

TAG_LINK = '<li><a class="tag" href="{url}">#{name}</a></li>'
TAG_LIST = '<ul class="tags" aria-label="Tags">{links}</ul>'
# Each followed by the line break and indent of the loop that wrote them in the page's head.
TAG_META = '<meta property="article:tag" content="{name}">\n  '


class ShownTag(Protocol):
    name: str
    slug: str


class TagLinks:
    """Tags' links, each made once: the same tags recur from card to card of a list."""

    def __init__(self) -> None:
        self.tag_url = urls_with_argument("tag_detail")
        self.links: dict[str, str] = {}

    def link(self, tag: ShownTag) -> str:
        link = self.links.get(tag.slug)
        if link is None:
            link = self.links[tag.slug] = TAG_LINK.format(
                url=escape_text(self.tag_url(tag.slug)), name=escape_text(tag.name)
            )
        return link

    def tag_list(self, tags: list) -> str:
        """The tags as a list of links; nothing without tags."""
        if not tags:
            return ""
        return TAG_LIST.format(links="".join(self.link(tag) for tag in tags))


@register.simple_tag
def tag_list(tags: list) -> SafeString:
    return mark_safe(TagLinks().tag_list(tags))


@register.simple_tag
def tag_meta(tags: list) -> SafeString:
    return mark_safe("".join(TAG_META.format(name=escape_text(tag.name)) for tag in tags))

"""`{% content_cache name [vary_on ...] %}...{% endcontent_cache %}`: a content fragment.

Like Django's `{% cache %}`, but the lifetime, the content version and the cache are the
content's own (apps/blog/caching/fragments.py): the fragment is rendered once per content
version in each worker, and its queries run only when it is missing. It must hold only what is
the same for everyone who gets the same `vary_on` values.
"""

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from apps.blog.caching.fragments import content_terms
from apps.blog.caching.version import PAGE_CACHE

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context) -> str:
        terms = content_terms(getattr(context, "request", None))
        seconds = terms.seconds  # before rendering, so a publication due meanwhile still counts
        if seconds <= 0:
            return self.nodelist.render(context)
        vary_on = [terms.version, *(value.resolve(context) for value in self.vary_on)]
        key = make_template_fragment_key(self.name, vary_on)
        cache = caches[PAGE_CACHE]
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, seconds)
        return fragment


@register.tag
def content_cache(parser, token) -> ContentCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a fragment name")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])

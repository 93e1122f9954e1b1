"""`{% content_cache name [vary_on ...] %}...{% endcontent_cache %}`: a content fragment.

Like Django's `{% cache %}`, but the lifetime, the dependencies and the cache are the content's
own (apps/blog/caching/kept.py): the fragment is rendered again in each worker only when what it
shows changed, and its queries run only when it is missing. It must hold only what is the same
for everyone who gets the same `vary_on` values.
"""

from django import template
from django.core.cache.utils import make_template_fragment_key

from apps.blog.caching.dependencies import depends_on
from apps.blog.caching.fragments import content_terms
from apps.blog.caching.kept import kept_fresh, kept_render, kept_store

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
        key = make_template_fragment_key(self.name, [v.resolve(context) for v in self.vary_on])
        kept = kept_fresh(key, terms.version)
        if kept is not None:
            return kept.value
        with kept_render(key, terms.version) as rendering:
            depends_on(*context.get("content_tags", ()))  # what the whole page is about
            fragment = self.nodelist.render(context)
        kept_store(key, fragment, rendering, seconds=seconds)
        return fragment


@register.tag
def content_cache(parser, token) -> ContentCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a fragment name")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])

"""`{% pagination %}`: the "Newer / Page N of M / Older" links under a paginated list, rendered
in Python.

Every reader list and the dashboard's lists show it. As an `{% include %}` it cost a template
lookup, a context push and a dozen variable lookups on every list page (about 55 us of a list
page of about 2.9 ms rendered with nothing cached, bench/HISTORY.md); the markup is the same.
It reads `is_paginated`, `page_obj` and, on search results, `query` from the context, as
ListView puts them there.
"""

from urllib.parse import quote

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NAV = (
    '\n<nav class="pagination" aria-label="Pages">\n'
    "  {previous}\n"
    '  <span class="page-status">Page {number} of {pages}</span>\n'
    "  {next}\n"
    "</nav>\n\n"
)
PREVIOUS = '<a rel="prev" href="?{query}page={number}">← Newer</a>'
NEXT = '<a rel="next" href="?{query}page={number}">Older →</a>'
NO_LINK = "<span></span>"


@register.simple_tag(takes_context=True)
def pagination(context) -> SafeString:
    """The links of `page_obj`'s list, or only a line break when it has one page."""
    if not context.get("is_paginated"):
        return mark_safe("\n")
    page = context["page_obj"]
    query = context.get("query")
    # `{{ query|urlencode }}`: quoted as the filter quotes, then escaped as autoescaping did.
    query_part = f"q={escape(quote(str(query), safe='/'))}&amp;" if query else ""
    return mark_safe(
        NAV.format(
            previous=(
                PREVIOUS.format(query=query_part, number=page.previous_page_number())
                if page.has_previous()
                else NO_LINK
            ),
            number=page.number,
            pages=page.paginator.num_pages,
            next=(
                NEXT.format(query=query_part, number=page.next_page_number())
                if page.has_next()
                else NO_LINK
            ),
        )
    )

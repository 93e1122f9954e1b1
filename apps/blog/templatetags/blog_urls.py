"""Addresses from their templates (apps/core/url_templates.py), where `{% url %}` would reverse
the same pattern again on every request or for every row of a list (cards, comments):
`{{ username|author_url }}` and `{{ tag.slug|url_with:"tag_feed" }}`."""

from django import template

from apps.core.url_templates import url_with_argument

register = template.Library()


@register.filter
def author_url(username: str) -> str:
    return url_with_argument("author_detail", username)


@register.filter
def url_with(argument: str, name: str) -> str:
    """`{% url name argument %}` for a name whose one argument is a slug or a username."""
    return url_with_argument(name, argument)

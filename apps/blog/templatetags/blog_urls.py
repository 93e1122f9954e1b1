"""`{{ username|author_url }}`: an author's page, for links repeated on every row of a list
(cards, comments), where `{% url %}` would reverse the same pattern again for each."""

from django import template

from apps.core.url_templates import url_with_argument

register = template.Library()


@register.filter
def author_url(username: str) -> str:
    return url_with_argument("author_detail", username)

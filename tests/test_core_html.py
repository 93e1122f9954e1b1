"""apps/core/html.py: the same text as Django's `escape` for anything a page may hold."""

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from apps.core import html

TRICKY = [
    "",
    "plain",
    "<script>alert('x')</script>",
    "a & b && c",
    "&amp; already escaped &lt;",
    "\"double\" 'single' `back`",
    "Zoë Ærøskøbing 日本語 🙂",
    "line\nbreak\ttab\r\x00nul\x7f",
    "</textarea><!-- -->",
    mark_safe("<b>marked safe</b> & still escaped"),
    42,
    3.5,
    None,
]


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_escape_writes_what_djangos_escape_writes(value):
    ours = html.escape(value)
    assert ours == django_html.escape(value)
    assert isinstance(ours, SafeString)
    text = html.escape_text(value)
    assert text == django_html.escape(value)
    assert type(text) is str  # not marked safe: the caller marks the whole markup


def test_a_lazy_translation_is_escaped_in_the_active_language():
    lazy = gettext_lazy("<b>Jan.</b> & more")
    with override("de"):
        assert html.escape(lazy) == str(django_html.escape(lazy))
        assert html.escape_text(lazy) == str(django_html.escape(lazy))


def test_escape_is_not_conditional():
    # Text already marked safe is escaped again, as Django's escape does (not conditional_escape).
    assert html.escape(mark_safe("&lt;")) == "&amp;lt;"

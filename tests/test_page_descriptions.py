"""apps/core/page_descriptions.py: the same text as the `truncatewords` filter it replaces."""

import pytest
from django.template import engines

from apps.core import page_descriptions

THIRTY = " ".join(f"w{i}" for i in range(30))
TEXTS = [
    "",
    "   ",
    "one",
    "  spaced \n\t out   words\r\n",
    THIRTY,
    THIRTY + " w30",
    THIRTY + "\n\nmore words after the thirtieth",
    " ".join(["word"] * 29 + ["…", "after"]),  # the thirtieth word is the truncation mark
    "<script>alert('x')</script> & \"quotes\" " * 10,
    "Zoë Ærøskøbing 日本語 🙂 \u00a0non-breaking\u2003em space " * 8,
]


@pytest.mark.parametrize("text", TEXTS, ids=repr)
@pytest.mark.parametrize("count", [1, 5, 30])
def test_truncate_words_writes_what_the_filter_writes(text, count):
    filtered = engines["django"].from_string(
        "{% autoescape off %}{{ t|truncatewords:n }}{% endautoescape %}"
    )
    assert page_descriptions.truncate_words(text, count) == filtered.render({"t": text, "n": count})


@pytest.mark.parametrize("text", TEXTS, ids=repr)
def test_description_renders_as_the_template_did(text):
    template = engines["django"].from_string("{{ t|truncatewords:30 }}|{{ d }}")
    before, after = template.render({"t": text, "d": page_descriptions.description(text)}).split(
        "|"
    )
    assert after == before

"""Body headings start at <h2> under the post's title (apps/blog/headings.py)."""

import pytest

from apps.blog.headings import headings_under_title


@pytest.mark.parametrize(
    ("body_html", "expected"),
    [
        ("<h1>A</h1>\n<h2>B</h2>\n<h6>C</h6>", "<h2>A</h2>\n<h3>B</h3>\n<h6>C</h6>"),
        ("<h2>A</h2><h3>B</h3>", "<h2>A</h2><h3>B</h3>"),
        ("<h3>A</h3>\n\n<h4>B</h4>", "<h2>A</h2>\n\n<h3>B</h3>"),
        ("<p>No headings</p>", "<p>No headings</p>"),
    ],
)
def test_headings_shift_so_the_highest_is_h2(body_html, expected):
    assert headings_under_title(body_html) == expected


def test_only_heading_tags_change():
    body_html = (
        "<h1>Top</h1>\n<p>Text about &lt;h1&gt; and <code>&lt;h1&gt;</code>, "
        '<a href="/x" title="&lt;h1&gt;" rel="nofollow">a link</a>.</p>\n<h1>Next</h1>'
    )
    assert headings_under_title(body_html) == body_html.replace("h1>", "h2>").replace(
        "&lt;h2&gt;", "&lt;h1&gt;"
    )

"""Markdown rendering: the features authors use, sanitised output, and hostile input.

Pathological input is checked here by what it renders to; how long it takes is measured by
bench/markdown.py (Python-Markdown took 41 s on `"![" * 5500` and about an hour at the body limit).
"""

from html import escape, unescape

import pytest
from django.core.exceptions import ValidationError

from apps.blog.models import POST_BODY_MAX_LENGTH
from apps.blog.rendering import (
    EXCERPT_SOURCE_CHARS,
    MAX_HTML_NESTING,
    excerpt_from_html,
    render_markdown,
    validate_markdown_nesting,
)
from tests.factories import PostFactory

N = POST_BODY_MAX_LENGTH


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Some **bold** and *italic*.", "<p>Some <strong>bold</strong> and <em>italic</em>.</p>"),
        ("## Heading", "<h2>Heading</h2>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("~~gone~~", "<p><del>gone</del></p>"),
        ("```\nx = 1 < 2\n```", '<pre tabindex="0"><code>x = 1 &lt; 2\n</code></pre>'),
        ("`a < b`", "<p><code>a &lt; b</code></p>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        (
            "|a|b|\n|-|-|\n|1|2|",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n"
            "<tr><td>1</td><td>2</td></tr>\n</tbody></table>",
        ),
        (
            "[Django](https://www.djangoproject.com/)",
            '<p><a href="https://www.djangoproject.com/" rel="nofollow noopener noreferrer">'
            "Django</a></p>",
        ),
        (
            '![alt](https://example.com/a.png "t")',
            '<p><img src="https://example.com/a.png" alt="alt" title="t"></p>',
        ),
        (
            '<abbr title="HyperText">HTML</abbr> H<sub>2</sub>O<sup>+</sup>',
            '<p><abbr title="HyperText">HTML</abbr> H<sub>2</sub>O<sup>+</sup></p>',
        ),
        ("<dl><dt>T</dt><dd>D</dd></dl>", "<dl><dt>T</dt><dd>D</dd></dl>"),
        ("1 < 2 > 0 & done", "<p>1 &lt; 2 &gt; 0 &amp; done</p>"),
    ],
)
def test_markdown_features(source, expected):
    assert render_markdown(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "alert(1)"),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener noreferrer">x</a></p>'),
        (
            '<a href="jav&#x09;ascript:alert(1)">tab</a>',
            '<p><a rel="nofollow noopener noreferrer">tab</a></p>',
        ),
        ("<p onmouseover=alert(1)>hover</p>", "<p>hover</p>"),
        ("a <!-- hidden --> b", "<p>a  b</p>"),
        ("<span>kept</span> <DIV>text</DIV>", "<p>kept text</p>"),
        ("<textarea><b>bold</b></textarea> after", "bold after"),
        (
            '<a title=">"><em>x</em></a>',
            '<p><a title="&gt;" rel="nofollow noopener noreferrer"><em>x</em></a></p>',
        ),
        ("<!-- never closed <em>x</em>", "&lt;!-- never closed <em>x</em>"),
        ("<em a=1 b=2 c=3 d=4 e=5>many</em>", "<p>&lt;em a=1 b=2 c=3 d=4 e=5&gt;many</p>"),
    ],
)
def test_raw_html_is_reduced_to_the_allowed_tags(source, expected):
    assert render_markdown(source) == expected


def _nested(levels: int, opening: str, closing: str, inner: str = "x") -> str:
    return opening * levels + inner + closing * levels


@pytest.mark.parametrize(
    "deep",
    [
        ">" * (MAX_HTML_NESTING + 1) + " x",
        "".join("  " * level + "- x\n" for level in range(MAX_HTML_NESTING)),
        _nested(MAX_HTML_NESTING + 1, "<blockquote>", "</blockquote>"),
        "<ul><li>" * 17,
        "<li><dd>" * 17,  # the parser nests these though each seems to close the previous one
        "<em><p>" * 17,
    ],
    ids=["quotes", "lists", "html", "unclosed-lists", "li-dd", "misnested"],
)
def test_too_deep_nesting_is_refused_and_stored_as_text_from_code(deep):
    with pytest.raises(ValidationError) as refused:
        validate_markdown_nesting(deep)
    assert refused.value.code == "nesting"
    html = render_markdown(deep)
    assert html.startswith("<p>") and html.endswith("</p>")
    assert html.count("<") == 2  # the source, escaped, in one paragraph


@pytest.mark.parametrize(
    "shallow",
    [
        ">" * (MAX_HTML_NESTING - 2) + " x",  # each quote holds a paragraph at the innermost level
        _nested(MAX_HTML_NESTING, "<blockquote>", "</blockquote>"),
        "<ul>" + "<li>item" * 100 + "</ul>",  # unclosed items close one another
        "<p>a" * 100,
        "|a|b|\n|-|-|\n" + "|x|y|\n" * 100,
    ],
)
def test_nesting_within_the_limit_is_kept(shallow):
    validate_markdown_nesting(shallow)
    assert "&lt;" not in render_markdown(shallow)


# What made Python-Markdown (and the sanitiser) slow, at the body limit: each renders as its text.
PATHOLOGICAL_TEXT = {
    "images": "![" * (N // 2),
    "links": "[" * N,
    "brackets": "[" * (N // 2) + "]" * (N // 2),
    "unclosed-links": "[a](b" * (N // 5),
    "angle-brackets": "<" * N,
    "ampersands": "&x" * (N // 2),
    "latin-1": "©\u00a0" * (N // 2),
    "backticks": "x" + "`" * (N - 1),
    "hashes": "#" * N,
    "attributes": "<em" + " ab" * (N // 3 - 2) + ">x",
    "open-quotes": '<a b="' * (N // 6),
    "comments": "<!--" * (N // 4),
}


@pytest.mark.parametrize("name", PATHOLOGICAL_TEXT)
def test_pathological_input_renders_as_its_text(name):
    source = PATHOLOGICAL_TEXT[name]
    assert len(source) <= N
    inner = render_markdown(source).removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner
    assert unescape(inner) == source


@pytest.mark.parametrize("source", ["*" * N, "_" * N, "-" * N])
def test_pathological_rules_render_as_one_rule(source):
    assert render_markdown(source) == "<hr>"


@pytest.mark.parametrize("source", ["> " * (N // 2), "1. " * (N // 3), "+ " * (N // 2)])
def test_pathological_nesting_is_stored_as_text(source):
    assert render_markdown(source) == f"<p>{escape(source)}</p>"


def test_excerpt_reads_only_the_start_of_the_html():
    html = "<p>" + "word " * (EXCERPT_SOURCE_CHARS // 5) + "</p><p>late</p>"
    assert "late" not in excerpt_from_html(html, words=100_000)
    # A tag cut in two at the limit is left out, not shown.
    cut = "<p>" + "w" * (EXCERPT_SOURCE_CHARS - 10) + '<a href="https://example.com/">x</a>'
    assert excerpt_from_html(cut, words=10).endswith("w")


@pytest.mark.django_db(databases=["default", "blog_db"])
def test_a_deep_post_saved_from_code_stores_escaped_text():
    post = PostFactory(body="<blockquote>" * 40 + "deep")
    assert post.body_html == "<p>" + "&lt;blockquote&gt;" * 40 + "deep</p>"
    assert post.excerpt.endswith("deep")

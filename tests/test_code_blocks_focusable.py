"""Every code block is a keyboard tab stop (`tabindex="0"` on its <pre>), so a line wider than
the screen can be scrolled without a mouse; no other element, and no other value, gets one."""

import re

import pytest

from apps.blog.models import Page
from apps.blog.rendering import html_with_absolute_urls, render_markdown, sanitised
from tests.factories import PostFactory

FOCUSABLE_PRE = re.compile(r'<pre(?: class="highlight")? tabindex="0">')


@pytest.mark.parametrize(
    "source",
    [
        "```python\nprint('a line ' * 40)\n```",
        "```\nno language\n```",
        "```nosuchlanguage\nunknown\n```",
        "    indented code",
        "<pre>raw HTML</pre>",
        "> ```\n> quoted code\n> ```",
    ],
)
def test_each_code_block_renders_focusable(source):
    html = render_markdown(source)
    assert len(FOCUSABLE_PRE.findall(html)) == html.count("<pre") == 1, html
    assert html.count("tabindex") == 1


@pytest.mark.parametrize(
    "crafted",
    [
        '<pre tabindex="5">x</pre>',
        '<pre tabindex="-1">x</pre>',
        "<pre tabindex=0 tabindex=7>x</pre>",
    ],
)
def test_a_crafted_tabindex_on_pre_becomes_zero(crafted):
    # The sanitiser alone, and behind the Markdown pipeline that reduces raw tags first.
    assert sanitised(crafted) == '<pre tabindex="0">x</pre>'
    assert render_markdown(crafted) == '<pre tabindex="0">x</pre>'


@pytest.mark.parametrize(
    "crafted",
    [
        "<div tabindex=0>x</div>",
        '<p tabindex="0">x</p>',
        '<a href="https://example.com/" tabindex="0">x</a>',
        '<img src="https://example.com/a.png" alt="" tabindex="0">',
        '<code tabindex="0">x</code>',
        '<span class="k" tabindex="0">x</span>',
        '<table tabindex="0"><tr><td tabindex="0">x</td></tr></table>',
    ],
)
def test_no_other_element_keeps_a_tabindex(crafted):
    assert "tabindex" not in sanitised(crafted)
    assert "tabindex" not in render_markdown(crafted)


def test_feeds_keep_the_code_blocks_as_rendered():
    html = render_markdown("```\ncode\n```\n\n[a](/relative/)")
    assert html_with_absolute_urls(html, base_url="https://blog.example/").startswith(
        '<pre tabindex="0"><code>code\n</code></pre>'
    )


@pytest.mark.django_db(databases=["default", "blog_db"])
def test_posts_and_pages_store_focusable_code_blocks():
    post = PostFactory(body="# Code\n\n```sql\nSELECT 1;\n```\n")
    page = Page(title="About", body="    indented\n")
    page.save()
    assert '<pre class="highlight" tabindex="0"><code>' in post.body_html
    assert page.body_html == '<pre tabindex="0"><code>indented\n</code></pre>'

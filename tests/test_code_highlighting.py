"""Fenced code in a known language is highlighted on the server: Pygments' token classes on
spans, no inline styles, and only those classes survive the sanitiser."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.blog.highlighting import MAX_BLOCK_CHARS, MAX_BLOCKS, MAX_BODY_CHARS, TOKEN_CLASSES
from apps.blog.rendering import render_markdown
from tests.factories import PostFactory


def test_a_python_block_renders_token_spans():
    html = render_markdown('```python\ndef greet():\n    return "hi"\n```')
    assert html.startswith('<pre class="highlight" tabindex="0"><code><span class="k">def</span>')
    assert '<span class="nf">greet</span>' in html
    assert '<span class="s2">"hi"</span>' in html
    assert "style=" not in html


def test_an_unknown_language_is_plain_escaped_code():
    html = render_markdown("```nosuchlanguage\nif a < b: <i>x</i>\n```")
    assert html == '<pre tabindex="0"><code>if a &lt; b: &lt;i&gt;x&lt;/i&gt;\n</code></pre>'


@pytest.mark.parametrize("language", ["python", "html", "javascript"])
def test_a_script_tag_inside_code_is_text(language):
    html = render_markdown(f"```{language}\n<script>alert(1)</script>\n```")
    assert "<script" not in html
    assert "&lt;" in html and "alert" in html
    assert html.startswith('<pre class="highlight" tabindex="0">')


def test_raw_html_cannot_borrow_the_highlighting_classes():
    html = render_markdown('<pre class="highlight"><span class="k">x</span></pre>')
    assert "class=" not in html and "<span" not in html


def test_only_token_classes_survive_on_spans():
    html = render_markdown("```python\nx = 1\n```")
    used = set(re.findall(r'<span class="([^"]+)"', html))
    assert used and used <= TOKEN_CLASSES


def test_a_block_over_the_size_limit_stays_plain():
    big = "x = 1\n" * (MAX_BLOCK_CHARS // 6 + 1)
    assert render_markdown(f"```python\n{big}```") == f'<pre tabindex="0"><code>{big}</code></pre>'


def test_code_past_the_body_limit_stays_plain():
    code = "x = 1\n" * 500
    highlighted = MAX_BODY_CHARS // len(code)
    html = render_markdown(f"```python\n{code}```\n\n" * (highlighted + 2))
    assert html.count('<pre class="highlight" tabindex="0">') == highlighted
    assert html.count(f'<pre tabindex="0"><code>{code}</code></pre>') == 2


def test_blocks_past_the_count_limit_stay_plain():
    html = render_markdown("```python\nx\n```\n\n" * (MAX_BLOCKS + 1))
    assert html.count('<pre class="highlight" tabindex="0">') == MAX_BLOCKS
    assert html.endswith('<pre tabindex="0"><code>x\n</code></pre>')


def test_the_stylesheet_colours_the_token_classes():
    css = Path(settings.BASE_DIR, "static/css/site.css").read_text()
    for token_class in ("k", "nf", "s2", "c1", "kn"):
        assert f".highlight .{token_class} " in css


@pytest.mark.django_db(databases=["default", "blog_db"])
def test_a_saved_post_stores_the_highlighted_html():
    post = PostFactory(body="Intro\n\n```python\nimport os\n```")
    assert '<span class="kn">import</span>' in post.body_html
    assert post.excerpt == "Intro import os"

"""Migration blog.0016 renders again the stored bodies that hold a code block, so blocks saved
before they were tab stops become `<pre tabindex="0">`; other bodies are left as they are."""

import pytest

from tests.test_migration_code_highlighting import bodies_migrated

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

WIDE = "x = " + " + ".join(["1"] * 60)
# (Markdown, HTML stored before code blocks were tab stops)
POSTS = {
    "highlighted": (
        f"Before\n\n```python\n{WIDE}\n```\n",
        '<p>Before</p>\n<pre class="highlight"><code><span class="n">x</span></code></pre>',
    ),
    "indented": (f"Before\n\n    {WIDE}\n", f"<p>Before</p>\n<pre><code>{WIDE}\n</code></pre>"),
    "raw-html": ("<pre>raw</pre>", "<pre>raw</pre>"),
    # No code block: kept exactly, even HTML a fresh render would change.
    "prose": ("Just *prose*.", "<p>Stored long ago</p>"),
}


def test_stored_code_blocks_become_tab_stops_and_other_bodies_are_kept(django_db_blocker):
    posts, page_html = bodies_migrated(
        django_db_blocker, before="0015", to="0016", posts=POSTS, page=POSTS["indented"]
    )
    assert posts["highlighted"][0].startswith(
        '<p>Before</p>\n<pre class="highlight" tabindex="0"><code><span class="n">x</span>'
    )
    assert posts["highlighted"][1].startswith("Before x = 1 + 1")
    assert posts["highlighted"][2] == "2020"
    assert posts["indented"][0] == f'<p>Before</p>\n<pre tabindex="0"><code>{WIDE}\n</code></pre>'
    assert posts["raw-html"][0] == '<pre tabindex="0">raw</pre>'
    assert posts["prose"] == ("<p>Stored long ago</p>", "old excerpt", "2020")
    assert page_html == posts["indented"][0]

"""Server-side highlighting of fenced code with a known language: Pygments' tokens as spans
with CSS classes only (the Content-Security-Policy forbids inline styles); the colours are in
static/css/site.css. Unknown languages, and code past the size limits, stay plain.
"""

import functools
import html
import re
from collections.abc import Callable

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

# Fenced code as pulldown-cmark writes it: its text escaped, so it holds no "<" and the search
# for its end never runs past the next tag.
FENCED_CODE = re.compile(
    r'<pre><code class="language-([A-Za-z0-9_+#.-]{1,40})">([^<]*)</code></pre>'
)
# Some lexers are slow on hostile input and every block costs a call: a block longer than this,
# or code past these totals in one body, is left plain (figures in bench/README.md).
MAX_BLOCK_CHARS = 20_000
MAX_BODY_CHARS = 30_000
MAX_BLOCKS = 100
HIGHLIGHT_CLASS = "highlight"
TOKEN_CLASSES = frozenset(name for name in STANDARD_TYPES.values() if name)
ALLOWED_CLASSES = {"pre": {HIGHLIGHT_CLASS}, "span": set(TOKEN_CLASSES)}
FORMATTER = HtmlFormatter(nowrap=True)


@functools.lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language.lower(), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _block(language: str, escaped: str, budget: int) -> tuple[str, int]:
    """One fenced block's HTML, and the characters of code it highlighted."""
    lexer = _lexer(language)
    code = html.unescape(escaped)
    if lexer is None or len(code) > min(MAX_BLOCK_CHARS, budget):
        return f"<pre><code>{escaped}</code></pre>", 0
    spans = highlight(code, lexer, FORMATTER)
    return f'<pre class="{HIGHLIGHT_CLASS}"><code>{spans}</code></pre>', len(code)


def highlighted_code(markup: str, *, rest: Callable[[str], str]) -> str:
    """`markup` (pulldown-cmark's HTML) with its fenced code in a known language highlighted
    and `rest` applied to everything else, so the highlighting's own tags are not filtered."""
    pieces, start, budget = [], 0, MAX_BODY_CHARS
    for number, match in enumerate(FENCED_CODE.finditer(markup)):
        block, used = _block(*match.groups(), budget if number < MAX_BLOCKS else -1)
        pieces += [rest(markup[start : match.start()]), block]
        start, budget = match.end(), budget - used
    pieces.append(rest(markup[start:]))
    return "".join(pieces)

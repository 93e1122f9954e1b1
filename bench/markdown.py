"""The worst time saving a post's body costs, over inputs made to be slow, at two sizes.

    python -m bench.markdown [--sizes 10000 100000] [--repeat 3]

Saving a body through a form runs the nesting check (`validate_markdown_nesting`), then
`Post.body_render` (the HTML, its headings under the title, the excerpt); a body the check
refuses is stored as text when saved from code. For each input and size this prints the best of
`--repeat` runs, in CPU milliseconds, worst first. No database: rendering is pure.
The inputs are those that made Python-Markdown quadratic (brackets), those that make the
sanitiser slow (nesting, attributes, reopened formatting, long runs of escaped or Latin-1
characters, which nh3 0.3.8 serialises in quadratic time) and those that could confuse the
raw-HTML filter (unclosed quotes and comments).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable


def _fenced(language: str, piece: str, n: int) -> str:
    """Fenced blocks of `piece` repeated, each as long as highlighting still takes on."""
    from apps.blog.highlighting import MAX_BLOCK_CHARS

    code = (piece * MAX_BLOCK_CHARS)[: MAX_BLOCK_CHARS - 1]
    return (f"```{language}\n{code}\n```\n" * (n // MAX_BLOCK_CHARS + 1))[:n]


# Each builds a body of about n characters (never more).
INPUTS: dict[str, Callable[[int], str]] = {
    "images ![": lambda n: "![" * (n // 2),
    "links [": lambda n: "[" * n,
    "brackets [[]]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "unclosed links": lambda n: "[a](b" * (n // 5),
    "emphasis *": lambda n: "*" * n,
    "emphasis *a": lambda n: "*a " * (n // 3),
    "underscores _": lambda n: "_" * n,
    "backticks `": lambda n: "x" + "`" * (n - 1),
    "code spans": lambda n: "`a``" * (n // 4),
    "angle brackets <": lambda n: "<" * n,
    "autolinks <http://": lambda n: "<http://" * (n // 8),
    "entities &#": lambda n: "&#" * (n // 2),
    "ampersands &x": lambda n: "&x" * (n // 2),
    "latin-1 ©": lambda n: "©" * n,
    "no-break spaces": lambda n: "\u00a0" * n,
    "nested quotes >": lambda n: ">" * n,
    "nested quotes > ": lambda n: "> " * (n // 2),
    "nested lists 1.": lambda n: "1. " * (n // 3),
    "nested lists (indented)": lambda n: "".join("  " * (i % 32) + "- x\n" for i in range(n // 70))[
        :n
    ],
    "list items": lambda n: "- x\n" * (n // 4),
    "table rows": lambda n: ("|a|b|\n|-|-|\n" + "|x\n" * n)[:n],
    "table columns": lambda n: "|a" * (n // 4 - 1) + "\n" + "|-" * (n // 4 - 1) + "\n",
    "html nesting <div>": lambda n: "<div>" * (n // 5),
    "html nesting <blockquote>": lambda n: "<blockquote>" * (n // 12),
    "html unclosed <li>": lambda n: ("<ul>" + "<li>x" * n)[:n],
    "html unclosed <p>": lambda n: "<p>x" * (n // 4),
    "html <li><dd>": lambda n: "<li><dd>" * (n // 8),
    "html attributes": lambda n: "<em" + " ab" * (n // 3 - 2) + ">x",
    "html reopened <em id>": lambda n: (
        "".join(f"<em id={i}>" for i in range(31)) + "<p>x</p>" * ((n - 400) // 8)
    ),
    "html unclosed quotes": lambda n: '<a b="' * (n // 6),
    "html mixed quotes": lambda n: "<a b=\"<a c='" * (n // 12),
    "html comments <!--": lambda n: "<!--" * (n // 4),
    "html comment, then tags": lambda n: "<!-- -->" + "<!--<em>" * (n // 8 - 1),
    "fenced python, unclosed strings": lambda n: _fenced("python", "'''\"", n),
    "fenced python, brackets": lambda n: _fenced("python", "([{", n),
    "fenced html, unclosed tags": lambda n: _fenced("html", "<a b='", n),
    "fenced javascript, regexes": lambda n: _fenced("javascript", "/[/", n),
    "fenced sql, quotes": lambda n: _fenced("sql", "'\\'", n),
    "fenced markdown, emphasis": lambda n: _fenced("markdown", "*_`", n),
    "fenced c, comments": lambda n: _fenced("c", "/*/", n),
    "fenced blocks, many": lambda n: ("```python\nx = 1\n```\n" * n)[:n],
    "prose": lambda n: ("Some *emphasis*, a [link](https://example.com/) and `code`. " * n)[:n],
}


def _save_ms(body: str, repeat: int) -> tuple[float, bool]:
    """The best CPU time of a form's save of `body`, and whether the form refuses it."""
    from django.core.exceptions import ValidationError

    from apps.blog import rendering
    from apps.blog.models import Post

    best, refused = float("inf"), False
    for _ in range(repeat):
        rendering._checked_html.cache_clear()  # each run renders from scratch
        started = time.process_time()
        try:
            rendering.validate_markdown_nesting(body)
        except ValidationError:
            refused = True
        Post(body=body).body_render()
        best = min(best, time.process_time() - started)
    return best * 1000, refused


def measure(sizes: list[int], repeat: int) -> list[tuple[float, str, int, bool]]:
    rows = []
    for name, build in INPUTS.items():
        for size in sizes:
            body = build(size)
            assert len(body) <= size, (name, len(body))
            rows.append((*_save_ms(body, repeat), name, size))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Rendering touches no database: the development settings need no environment.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    rows = measure(args.sizes, args.repeat)
    print(f"{'input':28} {'chars':>7} {'save ms':>8}  form")
    for save_ms, refused, name, size in rows:
        print(f"{name:28} {size:>7,} {save_ms:>8.1f}  {'refused' if refused else 'saved'}")
    save_ms, _, name, size = rows[0]
    print(f"\nworst: {name} at {size:,} characters, {save_ms:.0f} ms of CPU")


if __name__ == "__main__":
    main()

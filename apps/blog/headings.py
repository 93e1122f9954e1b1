"""A post body's headings placed under the page's own <h1>, the post's title.

Writers start sections with `# Heading`; on the post page that would be a second <h1>. The
body's headings are shifted so that the highest is an <h2> (h6 stays h6), keeping their order.
"""

from html.parser import HTMLParser
from itertools import accumulate

LEVELS = {f"h{level}": level for level in range(1, 7)}
TOP_LEVEL, BOTTOM_LEVEL = 2, 6


class _HeadingTags(HTMLParser):
    """Where each heading tag's level digit is: (line, column of the tag, digit offset, level)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, int, int]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in LEVELS:
            self.found.append((*self.getpos(), len("<h"), LEVELS[tag]))

    def handle_endtag(self, tag: str) -> None:
        if tag in LEVELS:
            self.found.append((*self.getpos(), len("</h"), LEVELS[tag]))


def headings_under_title(body_html: str) -> str:
    """`body_html` (sanitised HTML) with its headings shifted to start at <h2>.

    Only the level digits change, so the rest of the HTML stays exactly as the sanitiser wrote it.
    """
    tags = _HeadingTags()
    tags.feed(body_html)
    tags.close()
    if not tags.found:
        return body_html
    shift = TOP_LEVEL - min(level for *_, level in tags.found)
    if shift == 0:
        return body_html
    # The parser counts lines by "\n" alone; each line's offset in the text.
    line_starts = [0, *accumulate(len(line) + 1 for line in body_html.split("\n"))]
    html = list(body_html)
    for line, column, digit, level in tags.found:
        html[line_starts[line - 1] + column + digit] = str(min(level + shift, BOTTOM_LEVEL))
    return "".join(html)

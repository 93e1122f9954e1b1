"""A post body's headings placed under the page's own <h1>, the post's title.

Writers start sections with `# Heading`; on the post page that would be a second <h1>. The
body's headings are shifted so that the highest is an <h2> (h6 stays h6), keeping their order.
"""

import re

# In sanitised HTML every "<" begins a tag (text and attribute values carry "&lt;"), so a
# heading's tags are found by their text; a parser took 0.8 s on a 100,000-character table.
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
TOP_LEVEL, BOTTOM_LEVEL = 2, 6


def headings_under_title(body_html: str) -> str:
    """`body_html` (sanitised HTML) with its headings shifted to start at <h2>.

    Only the level digits change, so the rest of the HTML stays exactly as the sanitiser wrote it.
    """
    levels = {int(level) for _, level in HEADING_TAG.findall(body_html)}
    if not levels or min(levels) == TOP_LEVEL:
        return body_html
    shift = TOP_LEVEL - min(levels)
    return HEADING_TAG.sub(
        lambda tag: f"<{tag[1]}h{min(int(tag[2]) + shift, BOTTOM_LEVEL)}", body_html
    )

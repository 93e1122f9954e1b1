"""The site's title as staff set it, for what accounts says outside a page: mail subjects and
bodies, the sign-up greeting.

The title lives in the blog's site settings (`blog_db`), and the blog imports accounts, never
the reverse: the blog hands over how to read it when it starts (BlogConfig.ready). Until then,
or in a project without the blog, mail names the site with DEFAULT_SITE_TITLE.
"""

from collections.abc import Callable

DEFAULT_SITE_TITLE = "Quire"

_read_title: Callable[[], str] | None = None


def site_title_source_set(read_title: Callable[[], str]) -> None:
    """Make `site_title()` answer with `read_title()` (the blog's site settings)."""
    global _read_title
    _read_title = read_title


def site_title() -> str:
    return DEFAULT_SITE_TITLE if _read_title is None else _read_title()

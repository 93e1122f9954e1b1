"""What base.html shows on every page and staff edit in the admin: the site's title, description
and footer text (SiteSettings) and the navigation (published pages with a `nav_order`).

Read once until a change to them (both live in `blog_db` and are edited in the admin, whose
writes render everything again), and offered to templates as `site_content` by a lazy context
processor: pages that never show it never read it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TypedDict

from django.db import DatabaseError
from django.http import HttpRequest

from apps.blog.caching.fragments import kept_per_version
from apps.blog.models import SITE_DESCRIPTION_DEFAULT, SITE_FOOTER_DEFAULT, SITE_TITLE_DEFAULT
from apps.blog.site_content_query import (
    NavigationRow,
    SettingsTexts,
    site_settings_and_navigation,
)
from apps.core.lazy_mapping import LazyMapping
from apps.core.url_templates import urls_with_argument

logger = logging.getLogger(__name__)


class NavLink(TypedDict):
    """A link of the navigation: a dict, which `{{ link.url }}` reads at the template engine's
    first try (a dataclass answers only after a TypeError from `link["url"]`)."""

    title: str
    url: str


@dataclass(frozen=True)
class SiteContent:
    title: str = SITE_TITLE_DEFAULT
    description: str = SITE_DESCRIPTION_DEFAULT
    footer_text: str = SITE_FOOTER_DEFAULT
    navigation: tuple[NavLink, ...] = ()


# For pages rendered without a request or a database (the 500 and 503 pages).
SITE_DEFAULTS = SiteContent()


def site_content_load() -> SiteContent:
    """One query on `blog_db`: the settings row and the navigation's pages."""
    return site_content_from(*site_settings_and_navigation())


def site_content_from(
    settings_texts: SettingsTexts | None, navigation: list[NavigationRow]
) -> SiteContent:
    """The site content of the settings row's texts (None: the defaults) and the navigation's
    (title, slug) rows, however they were read."""
    page_url = urls_with_argument("page_detail")
    links = tuple(NavLink(title=title, url=page_url(slug)) for title, slug in navigation)
    if settings_texts is None:
        return SiteContent(navigation=links)
    title, description, footer_text = settings_texts
    return SiteContent(title, description, footer_text, links)


def site_content() -> SiteContent:
    """The current site content; the defaults while `blog_db` cannot be read, so pages that
    need only `default` (log in, sign up) still answer."""
    try:
        return kept_per_version("site-content", site_content_load)
    except DatabaseError:
        logger.warning("Site settings unreadable; showing the defaults", exc_info=True)
        return SITE_DEFAULTS


def site_title() -> str:
    """The title staff set, for what names the site outside a page (feeds, mail)."""
    return site_content().title


def site_content_fields() -> dict[str, object]:
    """The current site content's fields by name, as templates read them."""
    return vars(site_content())


# A request's site content when its page read it with its own statement (the post page).
READ_WITH_PAGE = "site_content_read"


def site(request: HttpRequest) -> dict[str, LazyMapping | SiteContent]:
    """Context processor: `site_content` (a SiteContent's fields, read at the first lookup) in
    every template rendered with a request, and `site_defaults` for error pages. Not `site`:
    auth's views put their own `site` (the host) in their context."""
    read = getattr(request, READ_WITH_PAGE, None)
    fields = site_content_fields if read is None else lambda: vars(read)
    return {"site_content": LazyMapping(fields), "site_defaults": SITE_DEFAULTS}

"""What base.html shows on every page, read in one statement: the site settings row's texts
(None while none was saved) and the navigation's pages as (title, slug), in their order.

On PostgreSQL one row without parameters: the settings as an array from a scalar subquery and
the navigation as an array of [title, slug] pairs, written once per process. Rows of a UNION,
one per page, each built by the ORM, cost twice the CPU of the statement; the cards' tags are
read as arrays the same way (post_lists.py). Elsewhere (the SQLite of the local quick-start)
a UNION of the settings row and the pages, compiled by the ORM. The post page reads the same
two subqueries as columns of its post's statement (apps/blog/post_page.py).
"""

from __future__ import annotations

from functools import cache

from django.db import connections, router
from django.db.models import CharField, PositiveSmallIntegerField, Value

from apps.blog.models import SITE_SETTINGS_PK, Page, SiteSettings
from apps.core.compiled_queries import CompiledRows

SettingsTexts = tuple[str, str, str]  # title, description, footer_text
NavigationRow = tuple[str, str]  # title, slug

_SETTINGS_FIELDS = ("title", "description", "footer_text")


def _columns(model, names) -> str:
    return ", ".join(f'"{model._meta.get_field(name).column}"' for name in names)


@cache
def settings_texts_subquery() -> str:
    """PostgreSQL: the settings row's texts as an array, NULL while none was saved."""
    return (
        f"(SELECT ARRAY[{_columns(SiteSettings, _SETTINGS_FIELDS)}]"
        f' FROM "{SiteSettings._meta.db_table}" WHERE "id" = {int(SITE_SETTINGS_PK)})'
    )


@cache
def navigation_subquery() -> str:
    """PostgreSQL: the navigation's pages as an array of [title, slug] pairs, in its order."""
    return (
        f"ARRAY(SELECT ARRAY[{_columns(Page, ('title', 'slug'))}]"
        f' FROM "{Page._meta.db_table}"'
        f""" WHERE "status" = '{Page.Status.PUBLISHED.value}' AND "nav_order" IS NOT NULL"""
        f' ORDER BY "nav_order", "title")'
    )


@cache
def _postgresql_statement() -> str:
    return f"SELECT {settings_texts_subquery()}, {navigation_subquery()}"


_SETTINGS_ROW, _NAVIGATION_ROW = 0, 1
# The union's columns: (kind, title, description, footer_text, slug).
_UNION = CompiledRows(
    SiteSettings,
    lambda: (
        SiteSettings.objects.filter(pk=SITE_SETTINGS_PK)
        .annotate(
            kind=Value(_SETTINGS_ROW),
            nav_order=Value(None, output_field=PositiveSmallIntegerField()),
            slug=Value(None, output_field=CharField()),
        )
        .values_list("kind", "title", "description", "footer_text", "nav_order", "slug")
        .union(
            Page.objects.filter(status=Page.Status.PUBLISHED, nav_order__isnull=False)
            .order_by()
            .annotate(
                kind=Value(_NAVIGATION_ROW),
                description=Value(None, output_field=CharField()),
                footer_text=Value(None, output_field=CharField()),
            )
            .values_list("kind", "title", "description", "footer_text", "nav_order", "slug"),
            all=True,
        )
        .order_by("kind", "nav_order", "title")
    ),
)


def _from_union() -> tuple[SettingsTexts | None, list[NavigationRow]]:
    settings_texts = None
    navigation = []
    for kind, title, description, footer_text, _nav_order, slug in _UNION():
        if kind == _SETTINGS_ROW:
            settings_texts = (title, description, footer_text)
        else:
            navigation.append((title, slug))
    return settings_texts, navigation


def site_settings_and_navigation() -> tuple[SettingsTexts | None, list[NavigationRow]]:
    """The settings row's (title, description, footer_text), None while there is none, and the
    published pages that are in the navigation as (title, slug), in its order."""
    connection = connections[router.db_for_read(SiteSettings)]
    if connection.vendor != "postgresql":
        return _from_union()
    with connection.cursor() as cursor:
        cursor.execute(_postgresql_statement())
        settings_texts, navigation = cursor.fetchone()
    return settings_texts, navigation

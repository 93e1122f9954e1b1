"""Addresses with one path argument (a slug, a username) filled into a template worked out once
per process, instead of reversed for every object.

`reverse()` walks the URLconf for every call, and a list page links each card to its post, its
author and its tags: dozens of calls per page for the same few patterns. A name's address is
reversed once (per script prefix) around a marker; an object's address is that template with
the argument quoted as `reverse()` quotes it. Arguments come from the database (slugs,
usernames), so they always match their converter; the same ones come back on every page (a
post's tags, its author), so each is quoted once per process.
"""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARKER = "urltemplateargument"
# What reverse() leaves unquoted in a path (django/urls/resolvers.py).
_SAFE = RFC3986_SUBDELIMS + "/~:@"


@lru_cache(maxsize=64)
def _template(name: str, script_prefix: str) -> tuple[str, str]:
    prefix, marker, suffix = reverse(name, args=[_MARKER]).partition(_MARKER)
    if not marker:
        raise ValueError(f"the address of {name!r} does not hold its argument as it is")
    return prefix, suffix


@lru_cache(maxsize=4096)
def _quoted(argument: str) -> str:
    # `quote` encodes, scans and decodes every argument, dozens per page (bench/HISTORY.md).
    return quote(argument, safe=_SAFE)


def url_with_argument(name: str, argument: str) -> str:
    """`reverse(name, args=[argument])`, for a name whose one argument is a slug or a username."""
    return urls_with_argument(name)(argument)


def urls_with_argument(name: str) -> Callable[[str], str]:
    """`url_with_argument(name, ...)` for many arguments: the script prefix (a thread-local
    read) is looked up once, for a list that links every row."""
    prefix, suffix = _template(name, get_script_prefix())
    return lambda argument: f"{prefix}{_quoted(argument)}{suffix}"


# Reversed in place of the number: its last occurrence is the number's (the last argument, so
# the last converter; only constant text follows it), and reversing 0 as well checks that the
# converter writes a number as its digits (one that pads them is refused).
_NUMBER_MARKER = 987_654_321_987_654_321


@lru_cache(maxsize=256)
def _numbered_template(name: str, leading: tuple[str, ...], script_prefix: str) -> tuple[str, str]:
    address = reverse(name, args=[*leading, _NUMBER_MARKER])
    prefix, marker, suffix = address.rpartition(str(_NUMBER_MARKER))
    if not marker or reverse(name, args=[*leading, 0]) != f"{prefix}0{suffix}":
        raise ValueError(f"the address of {name!r} does not write its number argument as it is")
    return prefix, suffix


def urls_with_number(name: str, *leading: str) -> Callable[[int], str]:
    """`reverse(name, args=[*leading, number])` for many numbers (the ids of a post's comments
    under its slug): a number is written as it is, so only the rest is reversed, once per
    `leading` arguments and script prefix (15 us a `reverse()`, a Remove link per comment)."""
    prefix, suffix = _numbered_template(name, leading, get_script_prefix())
    return lambda number: f"{prefix}{number:d}{suffix}"


@receiver(setting_changed, dispatch_uid="quire_url_templates_setting_changed")
def _forget_templates(*, setting: str, **kwargs) -> None:
    # Tests that swap the URLconf must get their own addresses.
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _template.cache_clear()
        _numbered_template.cache_clear()

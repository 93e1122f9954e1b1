"""Addresses with one path argument (a slug, a username) filled into a template worked out once
per process, instead of reversed for every object.

`reverse()` walks the URLconf for every call, and a list page links each card to its post, its
author and its tags: dozens of calls per page for the same few patterns. A name's address is
reversed once (per script prefix) around a marker; an object's address is that template with
the argument quoted as `reverse()` quotes it. Arguments come from the database (slugs,
usernames), so they always match their converter.
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


def url_with_argument(name: str, argument: str) -> str:
    """`reverse(name, args=[argument])`, for a name whose one argument is a slug or a username."""
    return urls_with_argument(name)(argument)


def urls_with_argument(name: str) -> Callable[[str], str]:
    """`url_with_argument(name, ...)` for many arguments: the script prefix (a thread-local
    read) is looked up once, for a list that links every row."""
    prefix, suffix = _template(name, get_script_prefix())
    return lambda argument: f"{prefix}{quote(argument, safe=_SAFE)}{suffix}"


@receiver(setting_changed, dispatch_uid="quire_url_templates_setting_changed")
def _forget_templates(*, setting: str, **kwargs) -> None:
    # Tests that swap the URLconf must get their own addresses.
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _template.cache_clear()

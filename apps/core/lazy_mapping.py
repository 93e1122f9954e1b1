"""A mapping for templates that reads its values at the first lookup, and costs a plain dict's
lookup afterwards.

Django's template engine resolves `{{ name.key }}` by trying `name["key"]` first, then
`getattr(name, "key")`. Through a SimpleLazyObject around a dataclass both the subscript (a
TypeError raised and caught) and LazyObject's `__getattribute__` (an AttributeError before its
`__getattr__` answers) fail before the value comes: a few microseconds for each of the dozen
such lookups in every page's header and footer. A dict answers the first try in C.
"""

from collections.abc import Callable, Mapping
from typing import Any


class LazyMapping(dict):
    """The mapping `load()` returns, loaded at the first lookup of any key: a template that
    never reads it never calls `load()`. A key `load()` did not give is missing (KeyError),
    as from the mapping itself. Templates read it by key only (not iterated before a lookup)."""

    __slots__ = ("_load",)

    def __init__(self, load: Callable[[], Mapping[str, Any]]) -> None:
        super().__init__()
        self._load: Callable[[], Mapping[str, Any]] | None = load

    def __missing__(self, key: str) -> Any:
        load = self._load
        if load is None:
            raise KeyError(key)
        self.update(load())
        self._load = None
        return self[key]

    def __bool__(self) -> bool:
        # A value stands behind it, loaded or not: an unloaded dict would be false in `{% if %}`.
        return True

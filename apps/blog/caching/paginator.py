"""Reader lists that cost nothing once their content fragment and total are kept."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from apps.blog.caching.dependencies import depends_on
from apps.blog.caching.fragments import kept_per_version


class DeferredQuerySet:
    """A list's queryset, built only when its rows or its total are read.

    Building a reader list's queryset (filters, ordering, the search ranking) is a large share
    of a list page whose fragment and total are kept, and such a page reads neither. Paginators
    see a sliceable, countable, ordered list; slicing gives another deferred list, and
    `resolve()` builds the queryset for the slice at last.
    """

    ordered = True  # every list built here is ordered (Paginator warns otherwise)

    def __init__(self, build: Callable[[], QuerySet], bounds: slice | None = None) -> None:
        self.build = build
        self.bounds = bounds

    def __getitem__(self, bounds: slice) -> DeferredQuerySet:
        if not isinstance(bounds, slice) or self.bounds is not None:
            raise TypeError("a deferred list is sliced once, by its paginator")
        return DeferredQuerySet(self.build, bounds)

    def count(self) -> int:
        return self.resolve().count()

    def resolve(self) -> QuerySet:
        queryset = self.build()
        return queryset if self.bounds is None else queryset[self.bounds]


class CachedCountPaginator(Paginator):
    """A Paginator that counts its list once per content version in each worker.

    The total behind "Page N of M" is a COUNT(*) over every matching row, which grows with the
    table while the page itself costs the same at any size. The total changes only when a change
    replaces one of `tags` (what decides which rows the list holds), or when a scheduled post
    goes public, when the kept total expires. `count_key` names the list; it must be the same
    list for every reader.
    """

    def __init__(self, *args, count_key: str, tags: Collection[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.tags = tags

    @cached_property
    def count(self) -> int:
        def counted() -> int:
            depends_on(*self.tags)
            return super(CachedCountPaginator, self).count

        return kept_per_version(f"count:{self.count_key}", counted)


class KnownCountPaginator(Paginator):
    """A Paginator told its total, read with what the list belongs to (a post's count of
    comments, say) instead of by a COUNT query of its own."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count

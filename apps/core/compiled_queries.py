"""Querysets compiled to SQL once per process and run with new parameter values.

Building a queryset (filters, annotations, ordering) and compiling it to SQL cost far more CPU
than running a small query over an open connection; reads that run on every request pay that
each time for the same SQL. `CompiledQuery` builds the queryset once per database vendor and
shape (the lengths of list parameters) with placeholder values, finds where each one landed
among the compiled parameters, and afterwards only swaps in the values of the call.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=models.Model)

_placeholder_numbers = itertools.count()


def _placeholder(value: Any) -> Any:
    """A value of `value`'s type that nothing else in a query equals (ints within 32 bits)."""
    number = next(_placeholder_numbers)
    if isinstance(value, bool):
        raise TypeError("a boolean parameter cannot be told from the query's own constants")
    if isinstance(value, int):
        return 2_000_000_000 - number
    if isinstance(value, datetime):
        return datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC) + timedelta(microseconds=number)
    if isinstance(value, str):
        return f"compiled-query-placeholder-{number}"
    if isinstance(value, list | tuple):
        return [_placeholder(item) for item in value]
    raise TypeError(f"no placeholder for a {type(value).__name__} parameter")


def _shape(value: Any) -> Any:
    return len(value) if isinstance(value, list | tuple) else None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # Where each call value goes: (index in params, parameter name, index in a list or None).
    slots: tuple[tuple[int, str, int | None], ...]
    init_list: tuple[str, ...]
    fields: slice
    annotations: tuple[tuple[str, int], ...]
    converters: tuple


def _slots(params: Sequence, placeholders: dict[str, Any]) -> tuple:
    wanted = {}
    for name, value in placeholders.items():
        items = value if isinstance(value, list) else [value]
        for item_index, item in enumerate(items):
            wanted[(type(item), item)] = (name, item_index if isinstance(value, list) else None)
    slots = []
    found = set()
    for index, param in enumerate(params):
        slot = wanted.get((type(param), param)) if param.__hash__ else None
        if slot is not None:
            slots.append((index, *slot))
            found.add(slot)
    if len(found) != len(wanted):
        raise ValueError("a parameter of a compiled query is not among its SQL parameters")
    return tuple(slots)


def _params_for(params: tuple, slots: tuple, values: dict[str, Any]) -> list:
    params = list(params)
    for index, name, item in slots:
        params[index] = values[name] if item is None else values[name][item]
    return params


def _bounded(sql: str, params: list, bounds: slice | None) -> tuple[str, list]:
    """`sql` limited to `bounds` (a slice with a start and a stop), if any."""
    if bounds is None:
        return sql, params
    return f"{sql} LIMIT %s OFFSET %s", [*params, bounds.stop - bounds.start, bounds.start]


def _sliced(queryset: QuerySet, bounds: slice | None) -> QuerySet:
    return queryset if bounds is None else queryset[bounds.start : bounds.stop]


def _converted(row: Sequence, converters: tuple, connection: BaseDatabaseWrapper) -> list:
    """`row` with the ORM's converters (from `SQLCompiler.get_converters`) applied."""
    row = list(row)
    for position, (functions, expression) in converters:
        for function in functions:
            row[position] = function(row[position], expression, connection)
    return row


class _CompiledOnce:
    """`build(**values)` compiled once per database vendor and shape of the values."""

    def __init__(self, model: type[models.Model], build: Callable[..., QuerySet]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple, Any] = {}

    def _compile(self, alias: str, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _compiled_for(self, values: dict[str, Any]) -> tuple[str, BaseDatabaseWrapper, Any]:
        """The alias to read from, its connection and what was compiled for `values` there;
        None on anything but PostgreSQL, where the call runs the queryset itself: the SQLite
        of the local quick-start hands values to its driver rewritten (datetimes as text, a
        search term inside a LIKE pattern), where no placeholder can be found again."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return alias, connection, None
        key = (connection.vendor, *((name, _shape(value)) for name, value in values.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias, values)
        return alias, connection, compiled


class CompiledQuery(_CompiledOnce, Generic[M]):
    """`build(**values)` as SQL compiled once; calling it returns the model instances.

    `build` must pass each value to the ORM as it is (ints, strings, aware datetimes and lists
    of them); the queryset must select one model with annotations, no `select_related`.
    """

    model: type[M]

    def _compile(self, alias: str, values: dict[str, Any]) -> _Compiled:
        placeholders = {name: _placeholder(value) for name, value in values.items()}
        queryset = self.build(**placeholders).using(alias)
        compiler: SQLCompiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info
        if klass_info["model"] is not self.model or klass_info.get("related_klass_infos"):
            raise ValueError("a compiled query selects its own model only")
        select_fields = klass_info["select_fields"]
        fields = slice(select_fields[0], select_fields[-1] + 1)
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=_slots(params, placeholders),
            init_list=tuple(column[0].target.attname for column in compiler.select[fields]),
            fields=fields,
            annotations=tuple(compiler.annotation_col_map.items()),
            converters=tuple(
                compiler.get_converters([column[0] for column in compiler.select]).items()
            ),
        )

    def __call__(self, *, bounds: slice | None = None, **values: Any) -> list[M]:
        """The rows for `values`; `bounds` (a slice with a start and a stop) limits them."""
        alias, connection, compiled = self._compiled_for(values)
        if compiled is None:
            return list(_sliced(self.build(**values).using(alias), bounds))
        sql, params = _bounded(
            compiled.sql, _params_for(compiled.params, compiled.slots, values), bounds
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [self._instance(alias, compiled, connection, row) for row in rows]

    def _instance(self, alias: str, compiled: _Compiled, connection, row: tuple) -> M:
        if compiled.converters:
            row = _converted(row, compiled.converters, connection)
        instance = self.model.from_db(alias, compiled.init_list, row[compiled.fields])
        for name, position in compiled.annotations:
            setattr(instance, name, row[position])
        return instance


class CompiledRows(_CompiledOnce):
    """`build(**values)`, a `values_list()` queryset (a union of them included), as SQL compiled
    once; calling it returns its rows as tuples (the same rules as CompiledQuery)."""

    def _compile(self, alias: str, values: dict[str, Any]) -> tuple:
        placeholders = {name: _placeholder(value) for name, value in values.items()}
        compiler = self.build(**placeholders).using(alias).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column[0] for column in compiler.select])
        return sql, tuple(params), _slots(params, placeholders), tuple(converters.items())

    def __call__(self, *, bounds: slice | None = None, **values: Any) -> list[tuple]:
        """The rows for `values`; `bounds` (a slice with a start and a stop) limits them."""
        alias, connection, compiled = self._compiled_for(values)
        if compiled is None:
            return list(_sliced(self.build(**values).using(alias), bounds))
        sql, params, slots, converters = compiled
        sql, params = _bounded(sql, _params_for(params, slots, values), bounds)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        return [tuple(_converted(row, converters, connection)) for row in rows]


class CompiledCount(_CompiledOnce):
    """`build(**values).count()` as SQL compiled once (the same rules as CompiledQuery)."""

    def _compile(self, alias: str, values: dict[str, Any]) -> tuple:
        placeholders = {name: _placeholder(value) for name, value in values.items()}
        rows = self.build(**placeholders).using(alias).order_by().values("pk")
        sql, params = rows.query.get_compiler(using=alias).as_sql()
        # What Django's count() sends for a list without DISTINCT or slicing; the database
        # plans the subquery away.
        return f"SELECT COUNT(*) FROM ({sql}) counted", tuple(params), _slots(params, placeholders)

    def __call__(self, **values: Any) -> int:
        alias, connection, compiled = self._compiled_for(values)
        if compiled is None:
            return self.build(**values).using(alias).count()
        sql, params, slots = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, _params_for(params, slots, values))
            return cursor.fetchone()[0]

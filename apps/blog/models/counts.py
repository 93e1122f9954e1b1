"""Counting related rows in a correlated subquery."""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_of(rows: models.QuerySet, *, pointing_at: str) -> Coalesce:
    """The number of `rows` whose `pointing_at` is the outer row.

    A correlated subquery rather than JOIN + GROUP BY: the outer query stays a plain scan of its
    table, so a paginator's or changelist's COUNT(*) drops it and filters that join (tags) cannot
    multiply it.
    """
    counted = (
        rows.filter(**{pointing_at: OuterRef("pk")})
        .order_by()
        .values(pointing_at)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

"""Readable slugs, unique per model, that survive two writers saving the same title at once."""

import secrets
from collections.abc import Callable

from django.db import IntegrityError, models, router, transaction
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, max_length: int, exclude_pk=None, random_suffix=False
) -> str:
    """A readable slug for `text`, made unique in `model` with a numeric suffix when needed."""
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-") or "post"
    if random_suffix:
        return f"{base}-{secrets.token_hex(3)}"
    taken = model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
    # Some slugs are pages of their own (/posts/new/): never give them to an object.
    taken_slugs = set(taken.values_list("slug", flat=True)) | getattr(
        model, "RESERVED_SLUGS", set()
    )
    slug, suffix = base, 2
    while slug in taken_slugs:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


SLUG_ATTEMPTS = 8


def save_with_unique_slug(instance: models.Model, save: Callable[[], None], *, text: str) -> None:
    """Run `save()`, first giving `instance` a unique slug for `text` if it has none.

    Two authors saving the same title at once can both find the same slug free; the unique index
    decides, and the loser retries with the next free slug (then a random suffix), so every post
    lands with its own slug and nobody sees a 500.
    """
    if instance.slug:
        save()
        return
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length
    for attempt in range(SLUG_ATTEMPTS):
        instance.slug = unique_slug(
            model, text, max_length=max_length, exclude_pk=instance.pk, random_suffix=attempt >= 2
        )
        try:
            with transaction.atomic(using=router.db_for_write(model, instance=instance)):
                save()
            return
        except IntegrityError:
            slug_taken = model.objects.filter(slug=instance.slug).exclude(pk=instance.pk).exists()
            instance.slug = ""
            if not slug_taken or attempt == SLUG_ATTEMPTS - 1:
                raise

"""Stored images written and removed through Django's default storage (local or S3).

A database row and its files cannot change in one transaction. Files are written before the row
that names them is committed, and removed only after the commit that stops naming them (a
replaced image, a deleted post or user): a crash in between leaves files no row names, never a
row naming missing files. `audit_crossdb` finds what such a crash left behind.
"""

import logging
import os
import posixpath
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models, transaction

from apps.core.image_uploads import PreparedImage

logger = logging.getLogger(__name__)

# covers/<32 hex digits>/<file>: the only names ever deleted, whatever a row holds.
IMAGE_DIRECTORY = re.compile(r"^[a-z]+/[0-9a-f]{32}$")


class ImageStorageUnavailable(Exception):
    """The storage did not take an image's files (a read-only, full or missing disk, a bucket
    that does not answer); the message is for the person who sent the image."""

    def __init__(self) -> None:
        super().__init__(
            "Images cannot be stored at the moment, so this one was not saved. "
            "Try again later; the rest of the form is kept."
        )


@dataclass(frozen=True)
class StoredImage:
    """An image whose files are written already (`image_store_prepared`), for `image_changes`
    to name in its row."""

    name: str
    width: int
    height: int


def image_store(prepared: PreparedImage) -> str:
    """Write every rendition under a new random directory; the name of the largest fallback.

    Raises ImageStorageUnavailable when the storage fails, having removed what it could of the
    files written."""
    directory = f"{prepared.kind.directory}/{secrets.token_hex(16)}"
    try:
        for file_name, content in prepared.files.items():
            default_storage.save(f"{directory}/{file_name}", ContentFile(content))
    except Exception as error:
        logger.exception("Image not stored in %s", directory)
        try:
            image_delete(directory_of=f"{directory}/")
        except Exception:
            logger.exception(
                "Partly stored image %s not removed; the audit will find it", directory
            )
        raise ImageStorageUnavailable() from error
    return f"{directory}/{prepared.width}.{prepared.fallback_extension}"


def image_store_prepared(prepared: PreparedImage) -> StoredImage:
    return StoredImage(image_store(prepared), prepared.width, prepared.height)


def image_delete(*, directory_of: str) -> None:
    """Remove every file of the image named `directory_of` (any of its files), and its directory."""
    directory = posixpath.dirname(directory_of)
    if not IMAGE_DIRECTORY.match(directory):
        logger.warning("Not an image's name, nothing deleted: %r", directory_of)
        return
    try:
        _, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for file_name in files:
        default_storage.delete(f"{directory}/{file_name}")
    if isinstance(default_storage, FileSystemStorage):  # a bucket has no directories to remove
        with suppress(FileNotFoundError):
            os.rmdir(default_storage.path(directory))


def images_delete_after_commit(names: Iterable[str], *, using: str) -> None:
    """Remove these images' files once the current transaction on `using` commits (at once
    outside a transaction); a failure is logged, and the audit finds the files later."""
    names = [name for name in names if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            try:
                image_delete(directory_of=name)
            except Exception:
                logger.exception("Files of %s not deleted; audit_crossdb will find them", name)

    transaction.on_commit(delete, using=using)


@contextmanager
def image_changes(instance: models.Model, values: dict, *, using: str) -> Iterator[None]:
    """Apply image form values to `instance`, for the caller to save inside this block.

    `values` maps an image field's name to its form's cleaned value: a PreparedImage is stored
    now (ImageStorageUnavailable if it cannot be) and named in the field (with `<field>_width`
    and `<field>_height`), as a StoredImage is, False empties the field, anything else (None,
    the current file) leaves it. The block runs in a transaction on
    `using`; once it commits, the files of every replaced or removed image are deleted; if it
    fails, the files just stored are.
    """
    replaced, stored = [], []
    for field, value in values.items():
        if isinstance(value, PreparedImage):
            value = image_store_prepared(value)
        if isinstance(value, StoredImage):
            name, width, height = value.name, value.width, value.height
            stored.append(name)
        elif value is False:
            name, width, height = "", None, None
        else:
            continue
        replaced.append(getattr(instance, field).name)
        setattr(instance, field, name)
        setattr(instance, f"{field}_width", width)
        setattr(instance, f"{field}_height", height)
    try:
        with transaction.atomic(using=using):
            yield
            images_delete_after_commit(replaced, using=using)
    except BaseException:
        for name in stored:
            image_delete(directory_of=name)
        raise

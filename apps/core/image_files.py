"""Stored images written and removed through Django's default storage (local or S3).

A database row and its files cannot change in one transaction. Files are written before the row
that names them is committed, and removed only after the commit that stops naming them (a
replaced image, a deleted post or user): a crash in between leaves files no row names, never a
row naming missing files. A save that fails removes the files it wrote (`image_transaction`);
`audit_crossdb` finds what a crash, or a commit whose outcome was lost, left behind.
"""

import logging
import os
import posixpath
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field

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
    name = f"{directory}/{prepared.width}.{prepared.fallback_extension}"
    uploads = _uploads.get()
    if uploads is not None:
        uploads.stored.add(name)
    return name


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


@dataclass
class _Uploads:
    """The images stored inside an `image_transaction`, and which of them saved rows name."""

    using: str
    stored: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    committed: bool = False

    def commit_seen(self) -> None:
        self.committed = True


_uploads: ContextVar[_Uploads | None] = ContextVar("image_uploads", default=None)


@contextmanager
def image_transaction(*, using: str) -> Iterator[_Uploads]:
    """`transaction.atomic(using=using)` around a save that stores images: when it ends, the files
    of every image stored inside it (`image_store`, or named by `image_changes`) that no committed
    row names are removed. Inside another on the same database, it is part of that one, which
    decides.

    What is removed follows from how the block ended:
    - committed: the images no saved row names (a form that stored them and was not saved);
    - an exception before the commit (a constraint violation, a database lost, an error raised by
      a save): all of them, the rows naming them were rolled back;
    - the COMMIT itself failed: none. Its answer may be what was lost, after the rows were
      written; the audit removes the files no row names once they are an hour old.
    Inside a transaction the caller opened, a rollback of that transaction after this block has
    ended leaves the files to the audit too: Django tells of commits only.
    """
    enclosing = _uploads.get()
    if enclosing is not None:
        if enclosing.using != using:
            raise ValueError(f"Images saved in {using} inside a save in {enclosing.using}.")
        with transaction.atomic(using=using):
            yield enclosing
        return
    uploads = _Uploads(using)
    token = _uploads.set(uploads)
    outermost = not transaction.get_connection(using).in_atomic_block
    body_done = False
    try:
        with transaction.atomic(using=using):
            # The first hook registered in the transaction, so the first run after its commit.
            transaction.on_commit(uploads.commit_seen, using=using)
            yield uploads
            body_done = True
    except BaseException:
        commit_failed = body_done and outermost and not uploads.committed
        if commit_failed:
            logger.warning(
                "The commit of a save naming %s failed and may have been applied: its files "
                "are kept, and audit_crossdb removes them if no row names them",
                sorted(uploads.stored),
            )
        else:
            _images_not_named_delete(uploads, rolled_back=not uploads.committed)
        raise
    else:
        rolled_back = outermost and not uploads.committed  # an inner error was caught
        _images_not_named_delete(uploads, rolled_back=rolled_back)
    finally:
        _uploads.reset(token)


def _images_not_named_delete(uploads: _Uploads, *, rolled_back: bool) -> None:
    names = uploads.stored if rolled_back else uploads.stored - uploads.named
    for name in sorted(names):
        try:
            image_delete(directory_of=name)
        except Exception:
            logger.exception("Files of %s not deleted; audit_crossdb will find them", name)


@contextmanager
def image_changes(instance: models.Model, values: dict, *, using: str) -> Iterator[None]:
    """Apply image form values to `instance`, for the caller to save inside this block.

    `values` maps an image field's name to its form's cleaned value: a PreparedImage is stored
    now (ImageStorageUnavailable if it cannot be) and named in the field (with `<field>_width`
    and `<field>_height`), as a StoredImage is, False empties the field, anything else (None,
    the current file) leaves it. The block is an `image_transaction` on `using`: once it
    commits, the files of every replaced or removed image are deleted; if the save fails, the
    files of the images it named are.
    """
    with image_transaction(using=using) as uploads:
        replaced, named = [], []
        for field_name, value in values.items():
            if isinstance(value, PreparedImage):
                value = image_store_prepared(value)
            if isinstance(value, StoredImage):
                name, width, height = value.name, value.width, value.height
                # Stored by a form before this transaction began: its files are ours to remove.
                uploads.stored.add(name)
                named.append(name)
            elif value is False:
                name, width, height = "", None, None
            else:
                continue
            replaced.append(getattr(instance, field_name).name)
            setattr(instance, field_name, name)
            setattr(instance, f"{field_name}_width", width)
            setattr(instance, f"{field_name}_height", height)
        yield
        images_delete_after_commit(replaced, using=using)
        uploads.named.update(named)

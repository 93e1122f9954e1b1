"""The image part of the audit: stored files against the rows that name them.

Files are written before the row naming them commits and removed after the commit that stops
naming them (apps/core/image_files.py), so a crash in between leaves an image directory no row
names: found here and, with `fix`, removed. A row naming files that are not stored (a lost
volume, a bucket restored from an older backup) is reported only: the files cannot be made
again, and the row is the author's; restore the files, or remove the image in the admin.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from apps.blog.models import LibraryImage, Post
from apps.core.image_files import IMAGE_DIRECTORY, image_delete
from apps.core.images import AVATAR, BODY_IMAGE, COVER, ImageKind, picture_of
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

if TYPE_CHECKING:
    from apps.blog.audit import Finding

# An upload stores its files before its row commits: younger files may belong to one under way.
UNNAMED_FILES_MIN_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class ImageColumn:
    """A model field naming images of one kind, read on its primary (a replica may lag)."""

    model: type[models.Model]
    field: str
    kind: ImageKind
    using: str
    # Finding kinds: f"{name}_files_unnamed", f"{name}_files_missing".
    name: str
    # What the rows are, for the report ("posts", "users").
    rows: str

    def queryset(self):
        return self.model._default_manager.using(self.using).exclude(**{self.field: ""})

    def picture(self, name: str, width: int | None, height: int | None):
        return picture_of(name, width=width, height=height, kind=self.kind)


def image_columns() -> list[ImageColumn]:
    return [
        ImageColumn(Post, "cover_image", COVER, BLOG_DB, "cover_image", "posts"),
        ImageColumn(get_user_model(), "avatar", AVATAR, PEOPLE_DB, "avatar", "users"),
        ImageColumn(LibraryImage, "image", BODY_IMAGE, BLOG_DB, "library_image", "library images"),
    ]


def stored_directories(kind: ImageKind) -> set[str]:
    """The image directories under the kind's directory (`covers/<32 hex digits>`)."""
    try:
        directories, _ = default_storage.listdir(kind.directory)
    except FileNotFoundError:  # nothing was ever stored
        return set()
    names = {f"{kind.directory}/{name}" for name in directories}
    return {name for name in names if IMAGE_DIRECTORY.match(name)}


def stored_files(directory: str) -> set[str]:
    try:
        _, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return set()
    return {f"{directory}/{name}" for name in files}


def named_images(column: ImageColumn, batch_size: int) -> Iterator[list[tuple[int, str, list]]]:
    """(pk, image directory, file names) of the rows naming an image, in batches by pk."""
    fields = ("pk", column.field, f"{column.field}_width", f"{column.field}_height")
    rows = column.queryset().order_by("pk").values_list(*fields)
    last_pk = None
    while True:
        page = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        batch = list(page[:batch_size])
        if not batch:
            return
        yield [
            (pk, posixpath.dirname(name), picture.file_names if picture else [name])
            for pk, name, width, height in batch
            for picture in [column.picture(name, width, height)]
        ]
        last_pk = batch[-1][0]


def still_named(column: ImageColumn, pks: list[int]) -> dict[int, str]:
    """The image directory each of `pks` names now (rows deleted or changed meanwhile drop out)."""
    rows = column.queryset().filter(pk__in=pks).values_list("pk", column.field)
    return {pk: posixpath.dirname(name) for pk, name in rows}


def is_settled(files: set[str], *, now) -> bool:
    """Whether every one of `files` is older than an upload under way could be."""
    for name in files:
        try:
            if now - default_storage.get_modified_time(name) < UNNAMED_FILES_MIN_AGE:
                return False
        except FileNotFoundError:  # removed meanwhile
            continue
    return True


def image_column_audit(
    column: ImageColumn, *, unnamed: Finding, missing: Finding, fix: bool, batch_size: int
) -> None:
    """Fill `unnamed` (directories no row names; removed with `fix` once settled) and `missing`
    (rows naming files that are not stored) for `column`.

    Storage is listed before the rows are read: a directory stored after the listing is not
    looked at, one whose row commits after the reading is too young to be touched.
    """
    stored = stored_directories(column.kind)
    named: set[str] = set()
    for batch in named_images(column, batch_size):
        lacking = []
        for pk, directory, file_names in batch:
            named.add(directory)
            present = stored_files(directory) if directory in stored else set()
            if not set(file_names) <= present:
                lacking.append((pk, directory, len(set(file_names) - present)))
        # A row changed or deleted since it was read named files that were meant to go.
        now_named = still_named(column, [pk for pk, _, _ in lacking])
        confirmed = [entry for entry in lacking if now_named.get(entry[0]) == entry[1]]
        missing.add([pk for pk, _, _ in confirmed], rows=sum(files for _, _, files in confirmed))

    now = timezone.now()
    left = {directory: stored_files(directory) for directory in sorted(stored - named)}
    left = {directory: files for directory, files in left.items() if is_settled(files, now=now)}
    file_count = sum(len(files) for files in left.values())
    unnamed.add(list(left), rows=file_count)
    if fix:
        for directory in left:
            image_delete(directory_of=f"{directory}/")
        unnamed.add_removed({"files": file_count})

"""`audit_crossdb` and the stored images: files no row names are found and, with --fix, removed;
rows naming files that are not stored are reported and left. On the real servers and the real
file storage (a MEDIA_ROOT of the test's own)."""

import json
import os
import time
import uuid

import pytest
from django.db import connections

from apps.blog.audit_images import UNNAMED_FILES_MIN_AGE
from apps.blog.models import LibraryImage, Post
from apps.core.images import AVATAR, BODY_IMAGE, COVER, picture_of
from support.scratch import current_database_urls, manage
from tests.factories import PostFactory
from tests.test_audit import audit, audit_json, findings, person

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

OLD = UNNAMED_FILES_MIN_AGE.total_seconds() + 60


def image_store(media_root, *, kind=COVER, age: float = OLD, width=1600, height=900) -> str:
    """Write every rendition file of a new image, `age` seconds old; return the name rows hold."""
    name = f"{kind.directory}/{uuid.uuid4().hex}/{width}.jpg"
    moment = time.time() - age
    for file_name in picture_of(name, width=width, height=height, kind=kind).file_names:
        path = media_root / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"rendition")
        os.utime(path, (moment, moment))
    return name


def files_of(media_root, name: str) -> list[str]:
    directory = media_root / os.path.dirname(name)
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def with_cover(media_root, *, author=None) -> Post:
    """A post by a user as after a committed sign-up, with a stored cover image."""
    name = image_store(media_root)
    return PostFactory(
        author=author or person(),
        cover_image=name,
        cover_image_width=1600,
        cover_image_height=900,
    )


def with_avatar(media_root):
    name = image_store(media_root, kind=AVATAR, width=160, height=160)
    return person(avatar=name, avatar_width=160, avatar_height=160)


def test_images_every_row_names_are_clean(media_root):
    with_cover(media_root, author=with_avatar(media_root))
    assert audit()[0] == 0


def test_files_a_crash_left_behind_are_found_and_removed(media_root):
    kept = with_cover(media_root)
    person = with_avatar(media_root)
    # The rows went and their commits with them, the files stayed: a crash before on_commit.
    gone_post = with_cover(media_root)
    gone_user = with_avatar(media_root)
    with connections["blog_db"].cursor() as cursor:
        cursor.execute("DELETE FROM blog_post WHERE id = %s", [gone_post.pk])
    with connections["default"].cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET avatar = '' WHERE id = %s", [gone_user.pk])

    code, report = audit_json()
    assert code == 1
    by_kind = findings(report)
    assert by_kind["cover_image_files_unnamed"] | {"description": ""} == {
        "kind": "cover_image_files_unnamed",
        "description": "",
        "count": 1,
        "rows": 6,  # three widths, each in JPEG and WebP
        "sample": [os.path.dirname(gone_post.cover_image.name)],
        "removed": {},
        "repairable": True,
    }
    assert by_kind["avatar_files_unnamed"]["sample"] == [os.path.dirname(gone_user.avatar.name)]
    assert by_kind["avatar_files_unnamed"]["rows"] == 2
    assert by_kind["cover_image_files_missing"]["count"] == 0

    code, out = audit("--fix")
    assert code == 0
    assert "cover_image_files_unnamed: 6 found (covers stored that no post names" in out
    assert "removed 6 files; 1 ids: covers/" in out
    assert files_of(media_root, gone_post.cover_image.name) == []
    assert not (media_root / os.path.dirname(gone_post.cover_image.name)).exists()
    assert files_of(media_root, gone_user.avatar.name) == []
    # What rows name is untouched.
    assert len(files_of(media_root, kept.cover_image.name)) == 6
    assert files_of(media_root, person.avatar.name) == ["160.jpg", "160.webp"]
    assert audit() == (0, "Cross-database audit: no inconsistencies.\n")


def test_library_images_are_audited_too(media_root):
    author = person()
    kept = image_store(media_root, kind=BODY_IMAGE)
    LibraryImage.objects.create(author=author, image=kept, image_width=1600, image_height=900)
    unnamed = image_store(media_root, kind=BODY_IMAGE)
    code, report = audit_json("--fix")
    assert code == 0
    by_kind = findings(report)
    assert by_kind["library_image_files_unnamed"]["sample"] == [os.path.dirname(unnamed)]
    assert by_kind["library_image_files_unnamed"]["removed"] == {"files": 6}
    assert files_of(media_root, unnamed) == [] and len(files_of(media_root, kept)) == 6


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_an_orphaned_post_s_repair_takes_its_cover_files_along(media_root):
    """Transactional: the files go once the repair's deletion commits (on_commit on blog_db)."""
    ghost = person()
    post = with_cover(media_root, author=ghost)
    with connections["default"].cursor() as cursor:  # a user deleted behind Django's back
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [ghost.pk])
    code, report = audit_json("--fix")
    assert code == 0
    assert findings(report)["orphaned_posts"]["removed"]["posts"] == 2  # with the welcome post
    # Removed once the repair's deletion committed, so no unnamed files were left to find.
    assert findings(report)["cover_image_files_unnamed"]["count"] == 0
    assert files_of(media_root, post.cover_image.name) == []
    assert audit()[0] == 0


def test_files_of_an_upload_under_way_are_left_alone(media_root):
    # An upload stores its files, then commits the row that names them.
    name = image_store(media_root, age=60)
    code, report = audit_json("--fix")
    assert code == 0 and findings(report)["cover_image_files_unnamed"]["count"] == 0
    assert len(files_of(media_root, name)) == 6


def test_only_image_directories_are_ever_removed(media_root):
    stray = media_root / "covers" / "not-an-image" / "notes.txt"
    stray.parent.mkdir(parents=True)
    stray.write_text("an operator's file")
    os.utime(stray, (time.time() - OLD, time.time() - OLD))
    assert audit("--fix")[0] == 0
    assert stray.exists()


def test_rows_naming_missing_files_are_reported_and_left(media_root):
    lost = PostFactory(
        author=person(),
        cover_image=f"covers/{uuid.uuid4().hex}/1600.jpg",
        cover_image_width=1600,
        cover_image_height=900,
    )
    partly = with_avatar(media_root)
    (media_root / os.path.dirname(partly.avatar.name) / "160.webp").unlink()

    code, report = audit_json()
    assert code == 1
    by_kind = findings(report)
    assert by_kind["cover_image_files_missing"]["sample"] == [lost.pk]
    assert by_kind["cover_image_files_missing"]["rows"] == 6
    assert by_kind["cover_image_files_missing"]["repairable"] is False
    assert by_kind["avatar_files_missing"]["sample"] == [partly.pk]
    assert by_kind["avatar_files_missing"]["rows"] == 1

    # --fix cannot make the files again: it says so, keeps the rows and still exits 1.
    code, out = audit("--fix")
    assert code == 1
    assert (
        "cover_image_files_missing: 6 found (posts naming covers whose files are not stored); "
        f"not repaired (restore the files or remove the image); 1 ids: {lost.pk}"
    ) in out
    lost.refresh_from_db()
    assert lost.cover_image.name.startswith("covers/")


def test_the_image_audit_works_in_batches(media_root):
    posts = [with_cover(media_root) for _ in range(5)]
    for post in posts[:3]:
        (media_root / os.path.dirname(post.cover_image.name) / "640.jpg").unlink()
    unnamed = [image_store(media_root) for _ in range(2)]
    code, report = audit_json("--batch-size", "2")
    assert code == 1
    by_kind = findings(report)
    assert sorted(by_kind["cover_image_files_missing"]["sample"]) == [p.pk for p in posts[:3]]
    assert sorted(by_kind["cover_image_files_unnamed"]["sample"]) == sorted(
        os.path.dirname(name) for name in unnamed
    )


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_the_process_finds_and_removes_unnamed_files(media_root):
    """From a real `manage.py` process, as an operator's cron job runs it."""
    with_cover(media_root)
    unnamed = image_store(media_root)
    environ = {**current_database_urls(), "MEDIA_ROOT": str(media_root)}
    result = manage("audit_crossdb", "--json", environ=environ)
    assert result.returncode == 1, result.stderr
    assert findings(json.loads(result.stdout))["cover_image_files_unnamed"]["rows"] == 6
    assert manage("audit_crossdb", "--fix", environ=environ).returncode == 0
    assert manage("audit_crossdb", environ=environ).returncode == 0
    assert files_of(media_root, unnamed) == []

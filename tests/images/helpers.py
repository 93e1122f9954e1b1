"""Helpers for tests of stored images: uploads, what is on disk, posts and users with images."""

from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.blog.models import LibraryImage
from apps.blog.services import library_image_add
from apps.core.image_files import image_changes
from apps.core.image_uploads import image_prepare
from apps.core.images import AVATAR, BODY_IMAGE, COVER
from tests.images import files


def upload(content: bytes | None = None, name: str = "holiday.jpg") -> SimpleUploadedFile:
    """A file as a browser sends it; a 1200 x 800 photo with GPS EXIF by default."""
    return SimpleUploadedFile(name, files.jpeg_bytes(1200, 800) if content is None else content)


def stored_files(media_root: Path) -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


def image_directories(media_root: Path) -> list[str]:
    return sorted({str(Path(name).parent) for name in stored_files(media_root)})


def post_with_cover(post, content: bytes | None = None):
    """`post` given a cover image as the post form stores it (saved with the post)."""
    prepared = image_prepare(upload(content), kind=COVER)
    with image_changes(post, {"cover_image": prepared}, using="blog_db"):
        post.save()
    return post


def user_with_avatar(user, content: bytes | None = None):
    prepared = image_prepare(upload(content), kind=AVATAR)
    with image_changes(user, {"avatar": prepared}, using="default"):
        user.save()
    return user


def assert_no_metadata(content_or_path) -> None:
    """No EXIF, no XMP, no GPS position nor camera serial anywhere in the bytes."""
    content = (
        Path(content_or_path).read_bytes()
        if isinstance(content_or_path, (str, Path))
        else content_or_path
    )
    assert files.CAMERA_SERIAL.encode() not in content
    assert b"QuirePhone" not in content
    assert b"Exif\x00\x00" not in content
    image = Image.open(BytesIO(content))
    assert not image.getexif()
    assert "exif" not in image.info and "xmp" not in image.info


def library_image(author, content: bytes | None = None, name: str = "photo.jpg") -> LibraryImage:
    """An image in `author`'s library, as the library page stores an upload."""
    return library_image_add(
        author_id=author.pk, image=image_prepare(upload(content, name), kind=BODY_IMAGE)
    )

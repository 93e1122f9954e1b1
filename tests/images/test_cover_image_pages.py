"""A post's cover image through the post form: stored as renditions with no metadata, replaced
and removed with its files, and every bad file a form error that stores nothing."""

import pytest
from django.urls import reverse

from apps.blog.models import Post
from tests.factories import PostFactory
from tests.images import files
from tests.images.helpers import (
    assert_no_metadata,
    image_directories,
    post_with_cover,
    stored_files,
    upload,
)
from tests.web.helpers import post_form

# Transactional: old files are deleted once the change commits (on_commit on blog_db).
pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)


def test_the_post_form_takes_a_cover_image(client, author):
    html = client.get(reverse("post_create")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="cover_image"' in html
    assert 'accept="image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"' in html


def test_a_new_post_stores_its_cover_as_renditions_without_exif(client, author, media_root):
    response = client.post(
        reverse("post_create"),
        post_form(title="With a cover", cover_image=upload(files.jpeg_bytes(2400, 1600))),
    )
    post = Post.objects.get(title="With a cover")
    assert response.status_code == 302
    directory = post.cover_image.name.rsplit("/", 1)[0]
    assert post.cover_image.name == f"{directory}/1600.jpg"
    assert (post.cover_image_width, post.cover_image_height) == (1600, 1067)
    assert stored_files(media_root) == sorted(
        f"{directory}/{width}.{ext}" for width in (640, 1024, 1600) for ext in ("jpg", "webp")
    )
    assert "holiday" not in post.cover_image.name
    for name in stored_files(media_root):
        assert_no_metadata(media_root / name)
    assert post.cover_picture.src == f"/media/{directory}/1600.jpg"


def test_two_uploads_of_one_file_never_share_a_name(client, author, media_root):
    for title in ("First", "Second"):
        client.post(reverse("post_create"), post_form(title=title, cover_image=upload()))
    names = set(Post.objects.exclude(cover_image="").values_list("cover_image", flat=True))
    assert len(names) == 2
    assert len(image_directories(media_root)) == 2


def test_replacing_the_cover_removes_the_old_files(client, author, media_root):
    post = post_with_cover(PostFactory(author=author))
    old_directory = image_directories(media_root)
    response = client.post(
        reverse("post_edit", args=[post.slug]),
        post_form(title=post.title, cover_image=upload(files.png_bytes(700, 400), "new.png")),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert image_directories(media_root) != old_directory
    assert stored_files(media_root) == sorted(
        f"{post.cover_image.name.rsplit('/', 1)[0]}/{name}"
        for name in ("640.jpg", "640.webp", "700.jpg", "700.webp")
    )
    assert (post.cover_image_width, post.cover_image_height) == (700, 400)


def test_editing_without_a_file_keeps_the_cover(client, author, media_root):
    post = post_with_cover(PostFactory(author=author))
    before = stored_files(media_root)
    response = client.post(reverse("post_edit", args=[post.slug]), post_form(title="New title"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "New title" and post.cover_image_width == 1200
    assert stored_files(media_root) == before


def test_clearing_the_cover_removes_its_files(client, author, media_root):
    post = post_with_cover(PostFactory(author=author))
    response = client.post(
        reverse("post_edit", args=[post.slug]),
        post_form(title=post.title, **{"cover_image-clear": "on"}),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.cover_image.name, post.cover_image_width, post.cover_image_height) == (
        "",
        None,
        None,
    )
    assert stored_files(media_root) == []
    assert list(media_root.rglob("*")) == [media_root / "covers"]  # no empty directory left


BAD_FILES = {
    **files.REFUSED_UPLOADS,
    "too_many_pixels": (files.png_declaring(8000, 6000), "big.png", "8000 x 6000 pixels"),
    "svg_renamed_png": (files.SVG_WITH_SCRIPT, "drawing.png", "SVG drawings are not accepted"),
    "not_an_image": (b"%PDF-1.4\n not an image", "scan.jpg", "not a JPEG, PNG or WebP image"),
    "png_named_jpg": (files.png_bytes(40, 30), "photo.jpg", "PNG image but its name ends in .jpg"),
    "no_extension": (files.jpeg_bytes(40, 30), "photo", "JPEG, PNG or WebP"),
    "empty_file": (b"", "empty.jpg", "The submitted file is empty."),
}


@pytest.mark.parametrize("bad", BAD_FILES)
def test_a_bad_file_is_a_form_error_and_stores_nothing(bad, client, author, media_root):
    content, name, message = BAD_FILES[bad]
    response = client.post(
        reverse("post_create"),
        post_form(title="Kept text", cover_image=upload(content, name)),
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["cover_image"][0]
    assert "Kept text" in response.content.decode()
    assert not Post.objects.filter(title="Kept text").exists()
    assert stored_files(media_root) == []


def test_a_bad_file_on_edit_keeps_the_current_cover(client, author, media_root):
    post = post_with_cover(PostFactory(author=author))
    before = stored_files(media_root)
    response = client.post(
        reverse("post_edit", args=[post.slug]),
        post_form(title="Changed", cover_image=upload(files.truncated_jpeg(), "cut.jpg")),
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title != "Changed"
    assert stored_files(media_root) == before


def test_an_oversize_file_is_a_form_error_and_is_not_kept(client, author, media_root, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100 * 1024
    content = files.jpeg_bytes(1200, 800)
    assert len(content) > settings.IMAGE_UPLOAD_MAX_BYTES
    response = client.post(
        reverse("post_create"), post_form(title="Too big", cover_image=upload(content))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cover_image"] == [
        "This file is larger than 100.0\xa0KB: upload a smaller one."
    ]
    assert not Post.objects.filter(title="Too big").exists()
    assert stored_files(media_root) == []


def test_deleting_a_post_removes_its_cover_files(client, author, media_root):
    post = post_with_cover(PostFactory(author=author))
    kept = post_with_cover(PostFactory(author=author))
    kept_files = [
        name
        for name in stored_files(media_root)
        if name.startswith(kept.cover_image.name.rsplit("/", 1)[0])
    ]
    response = client.post(reverse("post_delete", args=[post.slug]))
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert stored_files(media_root) == kept_files

"""The image library: an author uploads images for their posts' bodies, copies the Markdown,
deletes them; only their own, and nothing stored from a bad file."""

import io

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.blog.models import LibraryImage, Post
from apps.blog.services import post_create_or_update
from tests.factories import UserFactory
from tests.images import files
from tests.images.helpers import (
    assert_no_metadata,
    image_directories,
    library_image,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

LIBRARY = "/dashboard/images/"


def test_the_library_is_for_signed_in_authors(client):
    response = client.get(LIBRARY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_upload_gives_the_markdown_that_shows_it_in_a_post(client, author, media_root):
    response = client.post(LIBRARY, {"image": upload(files.jpeg_bytes(2400, 1600))})
    entry = LibraryImage.objects.get(author_id=author.pk)
    assert response.status_code == 302
    assert response["Location"] == f"{LIBRARY}#image-{entry.pk}"
    directory = entry.image.name.rsplit("/", 1)[0]
    assert directory.startswith("images/")
    assert len(stored_files(media_root)) == 6
    for name in stored_files(media_root):
        assert_no_metadata(media_root / name)
    markdown = f"![Describe the image](/media/{directory}/1024.jpg)"
    assert entry.markdown == markdown
    assert markdown in client.get(LIBRARY).content.decode()

    post = post_create_or_update(
        post=Post(author_id=author.pk), title="Pictures", body=markdown, status="published"
    )
    assert f'<img src="/media/{directory}/1024.jpg" alt="Describe the image"' in post.body_html


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        *files.REFUSED_UPLOADS.values(),
        (b"just text", "notes.png", "not a JPEG, PNG or WebP image"),
    ],
)
def test_a_bad_file_is_a_form_error_and_stores_nothing(
    client, author, media_root, content, name, message
):
    response = client.post(LIBRARY, {"image": upload(content, name)})
    assert response.status_code == 200
    assert message in response.context["form"].errors["image"][0]
    assert not LibraryImage.objects.exists()
    assert stored_files(media_root) == []


def test_an_upload_without_a_file_is_a_form_error(client, author):
    response = client.post(LIBRARY, {})
    assert response.status_code == 200
    assert response.context["form"].errors["image"] == ["This field is required."]


@pytest.mark.usefixtures("fresh_rate_limit_window")
def test_uploads_are_limited_per_account_with_a_429_that_offers_the_form_again(
    client, author, media_root, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "image_upload": [(2, 60)]}
    for _ in range(2):
        assert client.post(LIBRARY, {"image": upload()}).status_code == 302
    refused = client.post(LIBRARY, {"image": upload()})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    html = refused.content.decode()
    assert "You are uploading images faster than we allow" in html
    assert f'action="{LIBRARY}" enctype="multipart/form-data"' in html
    assert 'type="file" name="image"' in html
    assert LibraryImage.objects.filter(author_id=author.pk).count() == 2
    assert len(image_directories(media_root)) == 2, "the refused upload stored no file"
    client.force_login(UserFactory())
    assert client.post(LIBRARY, {"image": upload()}).status_code == 302


def test_the_library_lists_only_ones_own_images_in_constant_queries(client, author):
    someone_else = library_image(UserFactory())

    def queries() -> dict[str, int]:
        with (
            CaptureQueriesContext(connections["default"]) as default,
            CaptureQueriesContext(connections["blog_db"]) as blog,
        ):
            response = client.get(LIBRARY)
        assert response.status_code == 200
        return {"default": len(default), "blog_db": len(blog)}, response.content.decode()

    for _ in range(2):
        library_image(author, files.png_bytes(300, 200), "chart.png")
    few, html = queries()
    assert someone_else.markdown not in html
    for _ in range(8):
        library_image(author, files.png_bytes(300, 200), "chart.png")
    many, html = queries()
    assert few == many
    assert html.count('class="library-image"') == 10


def test_deleting_an_image_removes_its_files_and_only_its_author_may(client, author, media_root):
    mine, theirs = library_image(author), library_image(UserFactory())
    other_directory = theirs.image.name.rsplit("/", 1)[0]
    assert client.post(reverse("library_image_delete", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("library_image_delete", args=[mine.pk])).status_code == 405
    assert client.post(reverse("library_image_delete", args=[99999])).status_code == 404
    response = client.post(reverse("library_image_delete", args=[mine.pk]))
    assert response.status_code == 302
    assert not LibraryImage.objects.filter(pk=mine.pk).exists()
    assert image_directories(media_root) == [other_directory]


def test_the_audit_removes_the_library_of_a_vanished_author(media_root):
    author = UserFactory()
    library_image(author)
    type(author).objects.filter(pk=author.pk)._raw_delete("default")  # gone without the cascade
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("audit_crossdb", stdout=out)
    assert "orphaned_library_images: 1 found" in out.getvalue()
    call_command("audit_crossdb", "--fix", stdout=io.StringIO())
    assert not LibraryImage.objects.exists()
    assert stored_files(media_root) == []

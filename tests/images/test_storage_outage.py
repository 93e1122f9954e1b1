"""Media storage down (MEDIA_ROOT lost, or a path that cannot be written, as a full or read-only
disk or a lost mount would be): pages that show images still answer with their markup, and an
upload is a form error that keeps the rest of the form, stores no row and is never a 500.

Root ignores file modes, so "cannot be written" is made with a MEDIA_ROOT below a regular file.
"""

import shutil

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.blog.models import LibraryImage, Post
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.images.helpers import library_image, post_with_cover, upload, user_with_avatar
from tests.web.helpers import post_form

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

User = get_user_model()
OUTAGE_MESSAGE = "Images cannot be stored at the moment"


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """MEDIA_ROOT under a regular file: every write (and directory listing) fails."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    return settings.MEDIA_ROOT


def break_storage(way: str, media_root, settings) -> None:
    if way == "removed":
        shutil.rmtree(media_root)
    else:
        blocker = media_root.parent / "not-a-directory"
        blocker.write_text("")
        settings.MEDIA_ROOT = blocker / "media"


@pytest.mark.parametrize("way", ["removed", "unwritable"])
def test_pages_that_show_images_still_render(client, author, media_root, settings, way):
    user_with_avatar(author)
    post = post_with_cover(PostFactory(author=author, title="Pictured"))
    CommentFactory(post=post, author=user_with_avatar(UserFactory()))
    entry = library_image(author)
    post.body = entry.markdown
    post.save()
    break_storage(way, media_root, settings)

    # Each page and an image it shows.
    cover, photo = post.cover_picture.src, author.avatar.url
    body_image = entry.markdown.split("(")[1].rstrip(")")
    pages = {
        "/": cover,
        post.get_absolute_url(): body_image,
        f"/authors/{author.username}/": photo,
        "/feed/": cover.rsplit("/", 1)[0],
        "/dashboard/images/": entry.picture.src,
        reverse("profile_edit"): photo,
        reverse("post_edit", args=[post.slug]): cover,
    }
    for url, image in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert image in response.content.decode(), url


def test_a_cover_upload_is_a_form_error_that_keeps_the_post_form(client, author, unwritable_media):
    response = client.post(
        reverse("post_create"),
        post_form(title="Kept title", body="Kept *body*", tags="ink", cover_image=upload()),
    )
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["form"].errors["cover_image"])
    html = response.content.decode()
    assert 'value="Kept title"' in html and "Kept *body*</textarea>" in html
    assert not Post.objects.filter(title="Kept title").exists()


def test_a_cover_upload_on_edit_changes_nothing(client, author, unwritable_media):
    post = PostFactory(author=author, title="As it was")
    response = client.post(
        reverse("post_edit", args=[post.slug]), post_form(title="Changed", cover_image=upload())
    )
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["form"].errors["cover_image"])
    post.refresh_from_db()
    assert (post.title, post.cover_image.name) == ("As it was", "")


def test_a_post_without_an_image_is_still_saved(client, author, unwritable_media):
    assert client.post(reverse("post_create"), post_form(title="Words only")).status_code == 302
    assert Post.objects.filter(title="Words only").exists()


def test_a_library_upload_is_a_form_error(client, author, unwritable_media):
    response = client.post("/dashboard/images/", {"image": upload()})
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["form"].errors["image"])
    assert not LibraryImage.objects.exists()


def test_a_photo_upload_is_a_form_error_and_saves_nothing(client, author, unwritable_media):
    response = client.post(
        reverse("profile_edit"),
        {"display_name": "New name", "bio": "", "notify_replies": "on", "avatar": upload()},
    )
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["form"].errors["avatar"])
    assert 'value="New name"' in response.content.decode()
    author.refresh_from_db()
    assert author.display_name != "New name" and author.avatar.name == ""


def test_admin_uploads_are_form_errors(admin_client, unwritable_media):
    author = UserFactory()
    data = {
        "title": "From the admin", "slug": "", "author": author.pk, "status": "published",
        "published_at_0": "", "published_at_1": "", "body": "Text.", "cover_image": upload(),
    }  # fmt: skip
    response = admin_client.post("/admin/blog/post/add/", data)
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["adminform"].form.errors["cover_image"])
    assert not Post.objects.filter(title="From the admin").exists()

    data = {
        "username": author.username, "email": author.email, "display_name": "Renamed",
        "bio": "", "is_active": "on", "notify_replies": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", "avatar": upload(),
    }  # fmt: skip
    response = admin_client.post(f"/admin/accounts/user/{author.pk}/change/", data)
    assert response.status_code == 200
    assert OUTAGE_MESSAGE in str(response.context["adminform"].form.errors["avatar"])
    author.refresh_from_db()
    assert author.display_name != "Renamed"

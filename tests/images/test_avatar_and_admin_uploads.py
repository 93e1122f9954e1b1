"""An author's photo on the profile form, and both images in the admin: stored as renditions,
replaced and removed with their files, a bad file a form error that stores nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.blog.models import Post
from tests.factories import PostFactory, UserFactory
from tests.images import files
from tests.images.helpers import (
    assert_no_metadata,
    image_directories,
    post_with_cover,
    stored_files,
    upload,
    user_with_avatar,
)

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

User = get_user_model()


def profile_form(**overrides) -> dict:
    return {"display_name": "Ada", "bio": "Writes.", "notify_replies": "on", **overrides}


def test_a_photo_is_stored_as_a_small_square_without_exif(client, author, media_root):
    html = client.get(reverse("profile_edit")).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="avatar"' in html
    response = client.post(reverse("profile_edit"), profile_form(avatar=upload()))
    assert response.status_code == 302
    author.refresh_from_db()
    directory = author.avatar.name.rsplit("/", 1)[0]
    assert directory.startswith("avatars/")
    assert (author.avatar_width, author.avatar_height) == (160, 160)
    assert stored_files(media_root) == [f"{directory}/160.jpg", f"{directory}/160.webp"]
    for name in stored_files(media_root):
        assert_no_metadata(media_root / name)


def test_a_new_photo_replaces_the_old_files(client, author, media_root):
    user_with_avatar(author)
    old = image_directories(media_root)
    client.post(
        reverse("profile_edit"), profile_form(avatar=upload(files.png_bytes(300, 300), "me.png"))
    )
    author.refresh_from_db()
    assert image_directories(media_root) == [author.avatar.name.rsplit("/", 1)[0]]
    assert image_directories(media_root) != old


def test_removing_the_photo_removes_its_files(client, author, media_root):
    user_with_avatar(author)
    response = client.post(reverse("profile_edit"), profile_form(**{"avatar-clear": "on"}))
    assert response.status_code == 302
    author.refresh_from_db()
    assert (author.avatar.name, author.avatar_width) == ("", None)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        *files.REFUSED_UPLOADS.values(),
        (files.png_bytes(40, 40), "me.webp", "PNG image but its name ends in .webp"),
    ],
)
def test_a_bad_photo_is_a_form_error_and_changes_nothing(
    client, author, media_root, content, name, message
):
    user_with_avatar(author)
    before, display_name = stored_files(media_root), author.display_name
    response = client.post(
        reverse("profile_edit"), profile_form(display_name="Changed", avatar=upload(content, name))
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["avatar"][0]
    author.refresh_from_db()
    assert author.display_name == display_name
    assert stored_files(media_root) == before


def test_the_admin_sets_and_replaces_a_users_photo(admin_client, media_root):
    user = user_with_avatar(UserFactory())
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert 'name="avatar"' in page and user.avatar.url in page
    data = {
        "username": user.username, "email": user.email, "display_name": user.display_name,
        "bio": "", "is_active": "on", "notify_replies": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "avatar": upload(files.webp_bytes(), "portrait.webp"),
    }  # fmt: skip
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert image_directories(media_root) == [user.avatar.name.rsplit("/", 1)[0]]
    assert user.avatar.name.endswith("/160.jpg")


def test_the_admin_adds_a_post_with_a_cover_and_refuses_a_bad_one(admin_client, media_root):
    author = UserFactory()
    data = {
        "title": "From the admin", "slug": "", "author": author.pk, "status": "published",
        "published_at_0": "", "published_at_1": "", "body": "Text.",
        "cover_image": upload(files.truncated_jpeg(), "cut.jpg"),
    }  # fmt: skip
    refused = admin_client.post("/admin/blog/post/add/", data)
    assert refused.status_code == 200
    assert "damaged or incomplete" in refused.content.decode()
    assert stored_files(media_root) == []

    response = admin_client.post("/admin/blog/post/add/", {**data, "cover_image": upload()})
    assert response.status_code == 302
    post = Post.objects.get(title="From the admin")
    assert (post.cover_image_width, post.cover_image_height) == (1200, 800)
    assert image_directories(media_root) == [post.cover_image.name.rsplit("/", 1)[0]]


def test_the_admin_removes_a_cover_with_its_files(admin_client, media_root):
    post = post_with_cover(PostFactory())
    data = {
        "title": post.title, "slug": post.slug, "author": post.author_id, "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "body": post.body, "cover_image-clear": "on",
    }  # fmt: skip
    response = admin_client.post(f"/admin/blog/post/{post.pk}/change/", data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.cover_image.name == ""
    assert stored_files(media_root) == []

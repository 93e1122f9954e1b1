"""Image files go after the commit that stops naming them: a deleted post, a deleted user (every
way of deleting one), the audit's repairs; never when the change rolls back."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from apps.blog.models import Post
from apps.core.image_files import image_changes, image_store_prepared, image_transaction
from apps.core.image_uploads import image_prepare
from apps.core.images import COVER
from tests.factories import PostFactory, UserFactory
from tests.images.helpers import (
    image_directories,
    library_image,
    post_with_cover,
    stored_files,
    upload,
    user_with_avatar,
)
from tests.test_user_delete import DELETIONS

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

User = get_user_model()


def directory_of(name: str) -> str:
    return name.rsplit("/", 1)[0]


@pytest.mark.parametrize("way", DELETIONS)
def test_deleting_users_removes_their_photo_their_covers_and_their_library(way, client, media_root):
    delete, victim_count = DELETIONS[way]
    admin_user = User.objects.create_superuser("boss", "boss@example.com", "correct-horse-battery")
    client.force_login(admin_user)
    bystander = user_with_avatar(UserFactory())
    kept = {directory_of(bystander.avatar.name)}
    kept.add(directory_of(post_with_cover(PostFactory(author=bystander)).cover_image.name))
    victims = [user_with_avatar(user) for user in UserFactory.create_batch(victim_count)]
    for victim in victims:
        post_with_cover(PostFactory(author=victim))
        post_with_cover(PostFactory(author=victim, draft=True))
        library_image(victim)
    assert len(image_directories(media_root)) == 2 + 4 * victim_count

    delete(victims, client)

    assert not User.objects.filter(pk__in=[victim.pk for victim in victims]).exists()
    assert set(image_directories(media_root)) == kept


def test_deleting_a_post_in_the_admin_removes_its_cover(admin_client, media_root):
    post = post_with_cover(PostFactory())
    kept = post_with_cover(PostFactory())
    response = admin_client.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert image_directories(media_root) == [directory_of(kept.cover_image.name)]


def test_deleting_posts_in_bulk_in_the_admin_removes_their_covers(admin_client, media_root):
    posts = [post_with_cover(PostFactory()) for _ in range(3)]
    kept = post_with_cover(PostFactory())
    response = admin_client.post(
        "/admin/blog/post/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts], "post": "yes"},
    )
    assert response.status_code == 302
    assert image_directories(media_root) == [directory_of(kept.cover_image.name)]


def test_the_audit_removing_an_orphaned_post_removes_its_cover(media_root):
    orphan = post_with_cover(PostFactory())
    User.objects.filter(pk=orphan.author_id)._raw_delete("default")  # gone without the cascade
    call_command("audit_crossdb", "--fix", stdout=io.StringIO())
    assert not Post.objects.filter(pk=orphan.pk).exists()
    assert stored_files(media_root) == []


def test_a_rolled_back_deletion_keeps_the_files(media_root):
    post = post_with_cover(PostFactory())
    post_id, before = post.pk, stored_files(media_root)
    with pytest.raises(RuntimeError), transaction.atomic(using="blog_db"):
        post.delete()
        raise RuntimeError("the deletion is rolled back")
    assert Post.objects.filter(pk=post_id).exists()
    assert stored_files(media_root) == before


def test_a_failed_save_removes_the_new_files_and_keeps_the_old(media_root):
    post = post_with_cover(PostFactory())
    before = stored_files(media_root)
    prepared = image_prepare(upload(), kind=COVER)
    with (
        pytest.raises(RuntimeError),
        image_changes(post, {"cover_image": prepared}, using="blog_db"),
    ):
        post.save()
        raise RuntimeError("the save fails after the new files were written")
    assert stored_files(media_root) == before
    post.refresh_from_db()
    assert directory_of(post.cover_image.name) == image_directories(media_root)[0]


def test_an_image_a_committed_save_names_nowhere_is_removed(media_root):
    """A form that stored an image and was then not saved (an admin form whose other parts
    were refused): its files go when the transaction ends."""
    post = post_with_cover(PostFactory())
    before = stored_files(media_root)
    with image_transaction(using="blog_db"):
        image_store_prepared(image_prepare(upload(), kind=COVER))
        post.save()
    assert stored_files(media_root) == before

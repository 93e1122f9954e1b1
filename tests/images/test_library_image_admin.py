"""The image libraries in the admin: a list with thumbnails and authors from `default` in a
constant number of queries per alias, search, add and change, and deletion (one or in bulk) that
removes the files once it commits, as the library page does."""

import pytest
from django.contrib.auth import get_user_model

from apps.blog.models import LibraryImage
from tests.admin_helpers import admin_url, changelist_context, changelist_rows, count_queries
from tests.factories import UserFactory
from tests.images import files
from tests.images.helpers import image_directories, library_image
from tests.test_admin_query_counts import make_library_images

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

LIST = admin_url(LibraryImage, "changelist")
User = get_user_model()


def test_the_list_shows_thumbnails_and_authors_in_a_fixed_number_of_queries(admin_client):
    """That the number does not grow with the rows: tests/test_admin_query_counts.py."""
    make_library_images(3)
    admin_client.get(LIST)  # warm the session, content type and permission caches
    pages = []
    counts = count_queries(lambda: pages.append(admin_client.get(LIST)))
    # default: the session, its user (twice: the admin's permission check), the author
    # filter's users, the page's authors in one query, the replication position; blog_db: the
    # author filter's ids, two counts, the page, the site settings, the date hierarchy (two),
    # the replication position.
    assert counts == {"default": 5, "blog_db": 8}, counts
    html = pages[0].content.decode()
    for entry in LibraryImage.objects.all():
        author = User.objects.get(pk=entry.author_id)
        directory = entry.image.name.rsplit("/", 1)[0]
        assert f'<img src="/media/{directory}/640.jpg" width="80" height="45"' in html
        assert f">{author.username}</a>" in html
    assert html.count("1600 x 900") == 3


def test_an_image_whose_author_is_gone_is_listed_as_such(admin_client):
    gone = UserFactory()
    make_library_images(1)
    LibraryImage.objects.update(author_id=gone.pk)
    # Gone without the cascade, as before `audit_crossdb --fix` runs.
    User.objects.filter(pk=gone.pk)._raw_delete("default")
    [row] = changelist_rows(admin_client, LibraryImage)
    assert row["author_link"] == f"deleted user #{gone.pk}"


def test_search_by_file_name_and_by_author_username(admin_client):
    make_library_images(2)
    first, second = LibraryImage.objects.order_by("pk")
    author = User.objects.get(pk=second.author_id)
    by_name = changelist_context(admin_client, LibraryImage, f"?q={first.image.name}")
    assert [entry.pk for entry in by_name.result_list] == [first.pk]
    by_author = changelist_context(admin_client, LibraryImage, f"?q={author.username}")
    assert [entry.pk for entry in by_author.result_list] == [second.pk]


def test_staff_see_an_image_and_its_markdown_but_neither_add_nor_replace_one(
    admin_client, media_root
):
    author = UserFactory()
    entry = library_image(author, files.png_bytes(1200, 800), "chart.png")
    page = admin_client.get(admin_url(LibraryImage, "change", entry.pk))
    assert page.status_code == 200
    html = page.content.decode()
    narrowest = entry.picture.rendition()
    assert f'<img src="{narrowest.url}" width="640" height="427"' in html
    assert entry.markdown in html and author.username in html
    assert 'type="file"' not in html and 'name="_save"' not in html
    assert admin_client.get(admin_url(LibraryImage, "add")).status_code == 403
    response = admin_client.post(
        admin_url(LibraryImage, "change", entry.pk), {"author": UserFactory().pk}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.author_id == author.pk


def test_deleting_one_image_removes_its_files_on_commit(admin_client, media_root):
    author = UserFactory()
    gone, kept = library_image(author), library_image(author)
    delete = admin_url(LibraryImage, "delete", gone.pk)
    assert admin_client.get(delete).status_code == 200
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.filter(pk=gone.pk).exists()
    assert image_directories(media_root) == [kept.image.name.rsplit("/", 1)[0]]


def test_deleting_images_in_bulk_removes_their_files_on_commit(admin_client, media_root):
    author = UserFactory()
    gone = [library_image(author) for _ in range(2)]
    kept = library_image(UserFactory())
    action = {"action": "delete_selected", "_selected_action": [entry.pk for entry in gone]}
    confirmation = admin_client.post(LIST, action)
    assert "Are you sure" in confirmation.content.decode()
    assert admin_client.post(LIST, {**action, "post": "yes"}).status_code == 302
    assert list(LibraryImage.objects.all()) == [kept]
    assert image_directories(media_root) == [kept.image.name.rsplit("/", 1)[0]]

"""Staff status alone shows nothing unpublished: other authors' drafts and scheduled posts take
the blog permission to view (or change) posts, as in the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.factories import PostFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.fixture(params=["draft", "scheduled"])
def unpublished(request):
    if request.param == "draft":
        return PostFactory(draft=True)
    return PostFactory(published_at=timezone.now() + timedelta(days=1))


def test_staff_without_blog_permissions_get_404(client, unpublished):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    assert client.get(reverse("post_edit", args=[unpublished.slug])).status_code == 404
    assert client.get(reverse("post_delete", args=[unpublished.slug])).status_code == 404


def test_staff_with_other_blog_permissions_get_404(client, unpublished):
    client.force_login(staff_with("view_comment", "change_comment", "delete_comment", "view_tag"))
    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_staff_who_may_view_posts_see_them_but_cannot_edit(client, unpublished):
    client.force_login(staff_with("view_post"))
    assert client.get(unpublished.get_absolute_url()).status_code == 200
    assert client.get(reverse("post_edit", args=[unpublished.slug])).status_code == 403


def test_staff_who_may_change_posts_see_and_edit_them(client, unpublished):
    client.force_login(staff_with("change_post"))
    assert client.get(unpublished.get_absolute_url()).status_code == 200
    assert client.get(reverse("post_edit", args=[unpublished.slug])).status_code == 200


def test_editors_and_superusers_see_them(client, unpublished):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(unpublished.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(unpublished.get_absolute_url()).status_code == 200


def test_the_permission_without_staff_status_shows_nothing(client, unpublished):
    reader = staff_with("view_post", "change_post")
    reader.is_staff = False
    reader.save()
    client.force_login(reader)
    assert client.get(unpublished.get_absolute_url()).status_code == 404

"""Deleting users in the admin while blog_db is down: an error message, nothing deleted."""

import pytest
from django.db import connections

from apps.accounts.models import User
from apps.blog.models import Post
from tests.admin_helpers import admin_url
from tests.factories import PostFactory, UserFactory

# transaction=True: the test's own transaction on blog_db would not survive the server stopping.
pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"], transaction=True),
    pytest.mark.faults,
]


def error_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


def test_user_deletion_with_blog_db_stopped_shows_an_error_and_deletes_nothing(client, blog_server):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    alice = UserFactory(username="alice")
    post = PostFactory(author=alice)
    client.force_login(staff)
    change_url = admin_url(User, "change", alice.pk)

    blog_server.stop()
    try:
        confirmation = client.get(admin_url(User, "delete", alice.pk), follow=True)
        assert confirmation.redirect_chain == [(change_url, 302)]
        assert any("unreachable" in message for message in error_messages(confirmation))
        # The change page itself still works, without the blog content.
        assert "posts and comments are not shown" in confirmation.content.decode()

        deletion = client.post(admin_url(User, "delete", alice.pk), {"post": "yes"}, follow=True)
        assert deletion.redirect_chain == [(change_url, 302)]
        assert any("nothing was changed" in message for message in error_messages(deletion))

        bulk = client.post(
            admin_url(User, "changelist"),
            {"action": "delete_selected", "_selected_action": [alice.pk], "post": "yes"},
            follow=True,
        )
        assert bulk.status_code == 200
        assert any("unreachable" in message for message in error_messages(bulk))
        # The user list still answers; the counts it cannot read are shown as unknown.
        assert {user.blog_post_count for user in bulk.context["cl"].result_list} == {None}

        assert User.objects.filter(pk=alice.pk).exists()
    finally:
        blog_server.start()
        connections["blog_db"].close()

    assert Post.objects.filter(pk=post.pk).exists()
    assert client.get(admin_url(User, "delete", alice.pk)).status_code == 200

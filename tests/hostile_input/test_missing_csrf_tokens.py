"""Form posts without a CSRF token: refused with a 403 on every form, storing nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.blog.models import Post
from tests.hostile_input.corpus import post_payload, row_counts

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_form_posts_without_csrf_token_are_refused_and_store_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["author"])
    post = world["post"]
    before = row_counts()
    submissions = [
        (reverse("post_create"), post_payload()),
        (post.get_absolute_url() + "edit/", post_payload(title="Hijacked")),
        (post.get_absolute_url() + "delete/", {}),
        (post.get_absolute_url(), {"body": "drive-by comment"}),
        (
            reverse("comment_delete", args=[post.slug, world["comment"].pk]),
            {},
        ),
        (reverse("profile_edit"), {"display_name": "Hijacked", "bio": ""}),
        (reverse("comment_queue"), {"comment": world["comment"].pk, "decision": "reject"}),
        (reverse("logout"), {}),
    ]
    for url, data in submissions:
        assert client.post(url, data).status_code == 403, url
    assert row_counts() == before
    assert Post.objects.get(pk=post.pk).title == post.title

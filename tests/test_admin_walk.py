"""Every admin page of every registered model, on the two real databases: never a server error.

For each model: changelist, search, every choice of every filter, sort by each column (both
directions), the date hierarchy, add (page and save), change (page and save), history, delete
(confirmation and delete) and bulk delete (confirmation and delete). The test client re-raises
any exception a view lets through, so a 500 fails the test with its traceback.
"""

import itertools
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.blog.models import Comment, Post, Tag
from tests.admin_helpers import admin_url, changelist_context, form_post_data
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

_numbers = itertools.count()


@dataclass
class Scenario:
    model: type
    search: str
    make: callable  # () -> a saved object to change and delete
    add_data: callable  # (world) -> POST data for the add form
    added: callable  # () -> bool: the added object exists


def _user_with_content():
    user = UserFactory()
    post = PostFactory(author=user)
    CommentFactory(post=post)
    CommentFactory(author=user)
    return user


SCENARIOS = [
    Scenario(
        model=Post,
        search="alice",
        make=lambda: CommentFactory().post,
        add_data=lambda world: {
            "title": "Added in the admin",
            "slug": "",
            "author": world["alice"].pk,
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "tags": [world["tag"].pk],
            "body": "Hello **world**",
        },
        added=lambda: (
            Post.objects.filter(title="Added in the admin", body_html__contains="<strong>")
            .exclude(published_at=None)
            .exists()
        ),
    ),
    Scenario(
        model=Comment,
        search="bob",
        make=lambda: CommentFactory(),
        add_data=lambda world: {
            "post": world["post"].pk,
            "author": world["bob"].pk,
            "body": "Added in the admin",
            "is_visible": "on",
        },
        added=lambda: Comment.objects.filter(body="Added in the admin").exists(),
    ),
    Scenario(
        model=Tag,
        search="django",
        make=lambda: TagFactory(),
        add_data=lambda world: {"name": "Python", "slug": "python"},
        added=lambda: Tag.objects.filter(slug="python").exists(),
    ),
    Scenario(
        model=User,
        search="alice",
        make=_user_with_content,
        add_data=lambda world: {
            "username": "carol",
            "email": "carol@example.com",
            "display_name": "Carol",
            "usable_password": "true",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        },
        added=lambda: User.objects.filter(username="carol", display_name="Carol").exists(),
    ),
    Scenario(
        model=Group,
        search="Edit",
        make=lambda: Group.objects.create(name=f"group {next(_numbers)}"),
        add_data=lambda world: {"name": "Reviewers"},
        added=lambda: Group.objects.filter(name="Reviewers").exists(),
    ),
]


@pytest.fixture
def world():
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    tag = TagFactory(name="django")
    post = PostFactory(author=alice, title="Cross-database admin")
    post.tags.add(tag)
    PostFactory(author=bob, draft=True)
    CommentFactory(post=post, author=bob)
    return {"alice": alice, "bob": bob, "tag": tag, "post": post}


def walk_changelists(client, scenario):
    model = scenario.model
    cl = changelist_context(client, model)
    assert cl.result_count > 0
    changelist_context(client, model, "?" + urlencode({"q": scenario.search}))
    # "Show counts": every filter choice counted with one aggregate query per filter.
    changelist_context(client, model, "?" + urlencode({"q": scenario.search, "_facets": "True"}))
    visited_filters = 0
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            changelist_context(client, model, choice["query_string"])
            visited_filters += 1
    for index in range(len(cl.list_display)):
        for order in (f"{index}", f"-{index}"):
            changelist_context(client, model, f"?o={order}")
    if cl.date_hierarchy:
        today = timezone.now()
        field = cl.date_hierarchy
        for depth in range(1, 4):
            parts = [("year", today.year), ("month", today.month), ("day", today.day)][:depth]
            query = urlencode({f"{field}__{part}": value for part, value in parts})
            changelist_context(client, model, f"?{query}")
    return visited_filters


def walk_add(client, scenario, world):
    url = admin_url(scenario.model, "add")
    assert client.get(url).status_code == 200
    response = client.post(url, scenario.add_data(world))
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    assert scenario.added()


def walk_change(client, scenario):
    obj = scenario.make()
    url = admin_url(scenario.model, "change", obj.pk)
    response = client.get(url)
    assert response.status_code == 200
    data = form_post_data(response.context["adminform"].form)
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    assert client.get(admin_url(scenario.model, "history", obj.pk)).status_code == 200
    if hasattr(obj, "get_absolute_url"):
        # "View on site" looks the object up through its content type (in default), then in
        # the object's own database.
        content_type = ContentType.objects.get_for_model(obj)
        response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
        assert response.status_code == 302
        assert response["Location"].endswith(obj.get_absolute_url())


def walk_delete(client, scenario, capture_on_commit):
    obj = scenario.make()
    url = admin_url(scenario.model, "delete", obj.pk)
    assert client.get(url).status_code == 200
    with capture_on_commit(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not scenario.model.objects.filter(pk=obj.pk).exists()


def walk_bulk_delete(client, scenario, capture_on_commit):
    ids = [scenario.make().pk for _ in range(2)]
    url = admin_url(scenario.model, "changelist")
    action = {"action": "delete_selected", "_selected_action": ids}
    confirmation = client.post(url, action)
    assert confirmation.status_code == 200
    assert "Are you sure" in confirmation.content.decode()
    with capture_on_commit(execute=True):
        assert client.post(url, {**action, "post": "yes"}).status_code == 302
    assert not scenario.model.objects.filter(pk__in=ids).exists()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.model._meta.label)
def test_every_admin_page_answers(
    admin_client, world, scenario, django_capture_on_commit_callbacks
):
    visited_filters = walk_changelists(admin_client, scenario)
    if scenario.model is Post:
        # status (3), tags (1 + 1 + empty), author (1 + 2): every filter was really visited.
        assert visited_filters >= 8
    walk_add(admin_client, scenario, world)
    walk_change(admin_client, scenario)
    walk_delete(admin_client, scenario, django_capture_on_commit_callbacks)
    walk_bulk_delete(admin_client, scenario, django_capture_on_commit_callbacks)


def test_user_bulk_delete_cascades_to_blog_db(admin_client, django_capture_on_commit_callbacks):
    users = [_user_with_content() for _ in range(2)]
    ids = [user.pk for user in users]
    assert Post.objects.filter(author_id__in=ids).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url(User, "changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=ids).exists()
    assert not Post.objects.filter(author_id__in=ids).exists()
    assert not Comment.objects.filter(author_id__in=ids).exists()


def test_user_single_delete_cascades_to_blog_db(admin_client, django_capture_on_commit_callbacks):
    user = _user_with_content()
    foreign_comment = Comment.objects.exclude(author=user).get(post__author_id=user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(User, "delete", user.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Post.objects.filter(author_id=user.pk).exists()
    assert not Comment.objects.filter(author_id=user.pk).exists()
    # A comment someone else wrote on the user's post goes with the post.
    assert not Comment.objects.filter(pk=foreign_comment.pk).exists()

"""Hostile admin searches, filters, autocompletes and actions: a 400, never a 500, and no e-mail
address learnt through the author autocomplete."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.blog.models import Comment, Post
from tests.factories import UserFactory
from tests.hostile_input.corpus import NUL, row_counts

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


AUTOCOMPLETES = [("post", "author"), ("comment", "author"), ("post", "tags"), ("comment", "post")]


@pytest.mark.parametrize(
    "query",
    [
        {"q": NUL},
        {"status__exact": NUL},
        {"tags__id__exact": NUL},
        {"author": NUL},
        {"published_at__gte": NUL},
        {"o": NUL},
        {NUL: "1"},
    ],
    ids=repr,
)
@pytest.mark.parametrize("model", ["post", "comment", "tag"])
def test_nul_bytes_in_admin_searches_and_filters_are_400(admin_client, world, model, query):
    response = admin_client.get(f"/admin/blog/{model}/", query)
    assert response.status_code == 400
    assert "That request cannot be answered" in response.content.decode()


@pytest.mark.parametrize(("model_name", "field_name"), AUTOCOMPLETES)
def test_nul_bytes_in_an_admin_autocomplete_term_are_400(
    admin_client, world, model_name, field_name
):
    query = {"app_label": "blog", "model_name": model_name, "field_name": field_name}
    response = admin_client.get("/admin/autocomplete/", {**query, "term": NUL})
    assert response.status_code == 400


@pytest.mark.parametrize("selected", ["abc", NUL, "1.5", "", "9" * 30, "-1"], ids=repr)
@pytest.mark.parametrize(
    ("model", "action"),
    [
        (Post, "publish"),
        (Post, "delete_selected"),
        (Comment, "hide"),
        (get_user_model(), "delete_selected"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_admin_actions_on_ids_that_are_not_ids_are_400_and_change_nothing(
    admin_client, world, model, action, selected
):
    """Ids that cannot be a primary key are a bad request; ids of no row select nothing."""
    before = row_counts()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.post(url, {"action": action, "_selected_action": [selected]})
    assert response.status_code in ({200, 302} if selected.lstrip("-").isdigit() else {400})
    assert row_counts() == before


@pytest.mark.parametrize("term", ["writer@", "@example.com", "example", "a", "."])
def test_editors_probing_the_author_autocomplete_learn_no_email(client, world, term):
    editor = UserFactory(username="editor-9", email="zz@hidden.test", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    query = {"app_label": "blog", "model_name": "post", "field_name": "author", "term": term}
    response = client.get("/admin/autocomplete/", query)
    assert response.status_code == 200
    usernames = {result["text"] for result in response.json()["results"]}
    assert usernames == set(
        get_user_model().objects.filter(username__icontains=term).values_list("username", flat=True)
    )

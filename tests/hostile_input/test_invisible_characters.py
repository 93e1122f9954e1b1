"""Invisible characters in titles, tags and display names: a form error on the site and in the
admin; the joiners scripts and emoji need are kept (apps/accounts/invisible_characters.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.blog.models import Post, Tag
from tests.admin_helpers import form_post_data
from tests.hostile_input.corpus import INVISIBLE, JOINED, post_payload, row_counts

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.mark.parametrize("field", ["title", "tags"])
@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_in_titles_and_tags_are_form_errors(client, world, field, text):
    client.force_login(world["author"])
    before = row_counts()
    response = client.post(reverse("post_create"), post_payload(**{field: text}))
    assert response.status_code == 200
    assert "invisible character" in str(response.context["form"].errors[field])
    assert row_counts() == before


@pytest.mark.parametrize("text", JOINED.values(), ids=JOINED.keys())
def test_joiners_that_scripts_and_emoji_need_are_kept(client, world, text):
    client.force_login(world["author"])
    response = client.post(reverse("post_create"), post_payload(title=text, tags=f"x{text}"))
    assert response.status_code == 302
    post = Post.objects.order_by("-id").first()
    assert post.title == text
    assert [tag.name for tag in post.tags.all()] == [f"x{text}"]
    response = client.post(reverse("profile_edit"), {"display_name": text, "bio": ""})
    assert response.status_code == 302
    assert get_user_model().objects.get(pk=world["author"].pk).display_name == text


@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_in_display_names_change_nothing(client, world, text):
    client.force_login(world["author"])
    response = client.post(reverse("profile_edit"), {"display_name": text, "bio": ""})
    assert response.status_code == 200
    assert "invisible character" in str(response.context["form"].errors["display_name"])
    author = get_user_model().objects.get(pk=world["author"].pk)
    assert author.display_name == world["author"].display_name


@pytest.mark.parametrize(
    ("model", "field"),
    [(Post, "title"), (Tag, "name"), (get_user_model(), "display_name")],
    ids=["post-title", "tag-name", "user-display-name"],
)
def test_the_admin_refuses_invisible_characters_too(admin_client, world, model, field):
    obj = {
        Post: world["post"],
        Tag: Tag.objects.get(name="django"),
        get_user_model(): world["author"],
    }[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    form = admin_client.get(url).context["adminform"].form
    data = form_post_data(form) | {field: INVISIBLE["right-to-left override"]}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "invisible character" in str(response.context["adminform"].form.errors[field])
    assert getattr(model.objects.get(pk=obj.pk), field) == getattr(obj, field)

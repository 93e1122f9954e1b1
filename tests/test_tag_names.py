"""One tag per name whatever its case, on every path that makes tags and in the database."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from apps.blog.models import Tag
from apps.blog.services import tags_get_or_create
from tests.admin_helpers import admin_url
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def tags_named(name: str) -> list[str]:
    return list(
        Tag.objects.annotate(lowered=Lower("name"))
        .filter(lowered=name.lower())
        .values_list("name", flat=True)
    )


def test_the_database_refuses_a_second_spelling_of_a_tag():
    TagFactory(name="django")
    with pytest.raises(IntegrityError), transaction.atomic(using="blog_db"):
        Tag.objects.create(name="Django")
    assert tags_named("django") == ["django"]


def test_the_admin_add_form_says_the_tag_exists(admin_client):
    TagFactory(name="django")
    response = admin_client.post(admin_url(Tag, "add"), {"name": "DJANGO", "slug": "django-x"})
    assert response.status_code == 200
    assert "A tag with this name exists already, whatever its case." in response.content.decode()
    assert tags_named("django") == ["django"]


def test_the_admin_may_change_the_case_of_a_tag(admin_client):
    tag = TagFactory(name="postgresql")
    response = admin_client.post(
        admin_url(Tag, "change", tag.pk), {"name": "PostgreSQL", "slug": tag.slug}
    )
    assert response.status_code == 302
    assert tags_named("postgresql") == ["PostgreSQL"]


def test_code_reuses_a_tag_whatever_the_case_and_keeps_its_spelling():
    stored = TagFactory(name="PostgreSQL")
    assert tags_get_or_create(names=["postgresql", "POSTGRESQL", "New"]) == [
        stored,
        stored,
        Tag.objects.get(name="New"),
    ]
    assert Tag.objects.count() == 2


def test_seed_demo_reuses_tags_written_in_another_case():
    stored = TagFactory(name="django")
    call_command("seed_demo", "--authors", "1", "--posts", "12", stdout=io.StringIO())
    assert tags_named("django") == ["django"]
    assert stored.posts.filter(slug__startswith="demo-post-").exists()

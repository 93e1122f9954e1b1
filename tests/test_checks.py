"""The multidb system checks, fed deliberately wrong models."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from apps.multidb.checks import E_DB_CONSTRAINT, E_MANY_TO_MANY, E_ON_DELETE, relation_errors


def _ids(model) -> list[str]:
    return sorted(error.id for error in relation_errors([model]))


@pytest.fixture
def person():
    with isolate_apps("apps.accounts", "apps.blog"):

        class Person(models.Model):
            class Meta:
                app_label = "accounts"

        yield Person


def test_the_project_passes_its_own_checks():
    call_command("check", fail_level="WARNING")


def test_the_project_models_are_declared_the_safe_way():
    from django.apps import apps

    assert relation_errors(apps.get_models()) == []


def test_foreign_key_with_a_database_constraint_and_cascade(person):
    class Note(models.Model):
        owner = models.ForeignKey(person, on_delete=models.CASCADE)

        class Meta:
            app_label = "blog"

    assert _ids(Note) == [E_DB_CONSTRAINT, E_ON_DELETE]


@pytest.mark.parametrize("on_delete", [models.CASCADE, models.SET_NULL, models.PROTECT])
def test_on_delete_the_collector_would_run_across_databases(person, on_delete):
    class Note(models.Model):
        owner = models.ForeignKey(person, on_delete=on_delete, db_constraint=False, null=True)

        class Meta:
            app_label = "blog"

    assert _ids(Note) == [E_ON_DELETE]


def test_many_to_many_across_databases(person):
    class Note(models.Model):
        readers = models.ManyToManyField(person)

        class Meta:
            app_label = "blog"

    assert _ids(Note) == [E_MANY_TO_MANY]


def test_safe_declaration_passes(person):
    class Note(models.Model):
        owner = models.ForeignKey(person, on_delete=models.DO_NOTHING, db_constraint=False)

        class Meta:
            app_label = "blog"

    assert _ids(Note) == []


def test_same_database_relations_are_not_flagged(person):
    class Profile(models.Model):
        owner = models.ForeignKey(person, on_delete=models.CASCADE)

        class Meta:
            app_label = "accounts"

    assert settings.DATABASE_APPS_MAPPING.get("accounts") is None
    assert _ids(Profile) == []


def test_the_third_database_is_checked_like_the_second():
    """analytics -> blog_db is a cross-database relation like blog_db -> default."""
    with isolate_apps("apps.blog", "apps.analytics"):

        class Entry(models.Model):
            class Meta:
                app_label = "blog"

        class Tally(models.Model):
            entry = models.ForeignKey(Entry, on_delete=models.CASCADE)

            class Meta:
                app_label = "analytics"

        assert _ids(Tally) == [E_DB_CONSTRAINT, E_ON_DELETE]

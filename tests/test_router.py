from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session

from apps.blog.models import Comment, Post, Tag
from apps.multidb.read_your_writes import primary_reads
from apps.multidb.router import AppLabelRouter, database_for_app

router = AppLabelRouter()


# Reads outside primary_reads() may go to a replica: tests/test_replicas_routing.py.


def _instance(alias: str):
    return SimpleNamespace(_state=SimpleNamespace(db=alias))


@pytest.mark.parametrize("model", [Post, Tag, Comment])
def test_blog_models_read_and_write_blog_db(model):
    with primary_reads():
        assert router.db_for_read(model) == "blog_db"
    assert router.db_for_write(model) == "blog_db"


@pytest.mark.parametrize("model", [get_user_model(), Group, Permission, Session])
def test_every_other_app_is_named_default_never_none(model):
    with primary_reads():
        assert router.db_for_read(model) == "default"
    assert router.db_for_write(model) == "default"


def test_reads_ignore_the_hint_instance():
    # With a hint from blog_db, a router answering None would send the user query to blog_db.
    with primary_reads():
        assert router.db_for_read(get_user_model(), instance=_instance("blog_db")) == "default"


def test_mapping_comes_from_the_setting(settings):
    settings.DATABASE_APPS_MAPPING = {"blog": "blog_db", "sessions": "blog_db"}
    assert database_for_app("sessions") == "blog_db"
    assert router.db_for_write(Session) == "blog_db"


@pytest.mark.parametrize(
    ("first", "second", "allowed"),
    [
        ("default", "blog_db", True),
        ("blog_db", "default", True),
        ("blog_db", "blog_db", True),
        ("default", "elsewhere", False),
    ],
)
def test_allow_relation_between_the_configured_aliases(first, second, allowed):
    assert router.allow_relation(_instance(first), _instance(second)) is allowed


@pytest.mark.parametrize(
    ("db", "app_label", "allowed"),
    [
        ("blog_db", "blog", True),
        ("default", "blog", False),
        ("default", "accounts", True),
        ("blog_db", "accounts", False),
        ("default", "auth", True),
        ("blog_db", "sessions", False),
        ("blog_db", "admin", False),
    ],
)
def test_allow_migrate_keeps_each_app_in_its_own_database(db, app_label, allowed):
    assert router.allow_migrate(db, app_label) is allowed

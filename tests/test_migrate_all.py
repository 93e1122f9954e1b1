"""migrate_all on three empty PostgreSQL databases, and where each app's tables land."""

import pytest

from support.scratch import manage, scratch_database_urls, table_names

pytestmark = pytest.mark.django_db(databases=["default", "blog_db", "analytics"])

ANALYTICS_TABLES = {"analytics_postviewsday", "analytics_postvisitorday", "analytics_dailysalt"}
PEOPLE_TABLES = {"accounts_user", "django_session", "django_admin_log", "auth_permission"}


@pytest.fixture(scope="module")
def migrated_urls(django_db_blocker):
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        before = manage("migrate_all", "--check", environ=urls)
        migrated = manage("migrate_all", environ=urls)
        after = manage("migrate_all", "--check", environ=urls)
        yield urls, before, migrated, after


def test_check_fails_on_empty_databases_and_names_each_alias(migrated_urls):
    _, before, _, _ = migrated_urls
    assert before.returncode != 0
    assert "default:" in before.stdout and "unapplied" in before.stdout
    assert "blog_db:" in before.stdout


def test_migrate_all_then_check_passes(migrated_urls):
    _, _, migrated, after = migrated_urls
    assert migrated.returncode == 0, migrated.stderr
    assert after.returncode == 0, after.stdout + after.stderr
    assert "default: up to date" in after.stdout
    assert "blog_db: up to date" in after.stdout


def test_people_tables_only_in_default(migrated_urls):
    urls, *_ = migrated_urls
    default_tables = table_names(urls["DATABASE_URL"])
    blog_tables = table_names(urls["BLOG_DATABASE_URL"])
    assert default_tables >= PEOPLE_TABLES
    assert not blog_tables & PEOPLE_TABLES
    assert not {t for t in blog_tables if t.startswith(("auth_", "accounts_", "django_admin"))}


def test_blog_tables_only_in_blog_db(migrated_urls):
    urls, *_ = migrated_urls
    blog_tables = {t for t in table_names(urls["BLOG_DATABASE_URL"]) if t.startswith("blog_")}
    assert {"blog_post", "blog_tag", "blog_comment", "blog_post_tags"} <= blog_tables
    assert not {t for t in table_names(urls["DATABASE_URL"]) if t.startswith("blog_")}


def test_analytics_tables_only_in_analytics(migrated_urls):
    urls, _, migrated, after = migrated_urls
    assert "Migrating analytics" in migrated.stdout
    assert "analytics: up to date" in after.stdout
    analytics = table_names(urls["ANALYTICS_DATABASE_URL"])
    assert analytics >= ANALYTICS_TABLES
    assert not analytics & PEOPLE_TABLES
    assert not {t for t in analytics if t.startswith("blog_")}
    others = table_names(urls["DATABASE_URL"]) | table_names(urls["BLOG_DATABASE_URL"])
    assert not {t for t in others if t.startswith("analytics_")}

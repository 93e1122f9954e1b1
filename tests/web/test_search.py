"""Search: full-text over title and body, ranked, safe with any query."""

from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from apps.blog import selectors
from apps.blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def test_search_finds_words_in_title_and_body_with_stemming(client):
    PostFactory(title="Replication notes", body="Nothing special.")
    PostFactory(title="Stemmed match", body="We were replicating databases all day.")
    PostFactory(title="Unrelated", body="Cooking pasta.")
    PostFactory(title="Replicated draft", draft=True)
    html = client.get("/search/", {"q": "replication"}).content.decode()
    assert "Replication notes" in html
    # "replicating" matches "replication" through the English stemmer.
    assert "Stemmed match" in html
    assert "Unrelated" not in html
    assert "Replicated draft" not in html


def test_search_ranks_better_matches_first(client):
    PostFactory(title="Passing mention", body="postgres once", published_at=_days_ago(1))
    PostFactory(
        title="Postgres postgres", body="postgres postgres postgres", published_at=_days_ago(5)
    )
    html = client.get("/search/", {"q": "postgres"}).content.decode()
    assert html.index("Postgres postgres") < html.index("Passing mention")


def test_search_without_query_shows_the_form_only(client):
    PostFactory(title="Anything")
    html = client.get("/search/").content.decode()
    assert 'name="q"' in html
    assert "Anything" not in html


@pytest.mark.parametrize(
    "query",
    ["\x00", "a\x00b", "'; DROP TABLE blog_post; --", '"unbalanced', "-", "&|!", "x" * 5000],
)
def test_search_survives_hostile_queries(client, query):
    PostFactory(title="Survivor")
    assert client.get("/search/", {"q": query}).status_code == 200
    assert Post.objects.filter(title="Survivor").exists()


def test_search_query_is_cleaned_of_nul_bytes():
    assert selectors.search_query_clean(" a\x00b ") == "ab"
    assert selectors.search_query_clean(None) == ""


def test_search_index_exists_and_is_used():
    with connections["blog_db"].cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["post_search_document_idx"]
        )
        (indexdef,) = cursor.fetchone()
        assert "gin" in indexdef.lower()
        # Small test tables: forbid the plans that would win on size alone (a sequential scan,
        # or walking the published_at index to skip the sort), leaving bitmap scans.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = (
            Post.objects.filter(selectors.post_search_match(query="database")).order_by().explain()
        )
    assert "post_search_document_idx" in plan

"""Which requests count as views, and what a flush writes: in process, on the real servers."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.analytics.buffer import ViewBuffer
from apps.analytics.counting import visitor_digest
from apps.analytics.models import DailySalt, PostViewsDay, PostVisitorDay
from apps.analytics.services import visitor_hash
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.post_views import PUBLIC_POST_HEADER
from tests.analytics.conftest import BROWSER, OTHER_BROWSER
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db", "analytics"])


def views_of(post) -> int:
    return sum(PostViewsDay.objects.filter(post_id=post.pk).values_list("views", flat=True))


def visitors_of(post) -> int:
    return PostVisitorDay.objects.filter(post_id=post.pk).count()


def read(client, post, *, agent=BROWSER, address="203.0.113.7", method="get", **extra):
    return getattr(client, method)(
        post.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **extra
    )


def test_every_get_counts_cached_hits_included(client, page_cache, views):
    post = PostFactory()
    statuses = [read(client, post)[CACHE_STATUS_HEADER] for _ in range(7)]
    assert statuses == ["miss"] + ["hit"] * 6
    assert views.flush() == 7
    assert views_of(post) == 7
    row = PostViewsDay.objects.get(post_id=post.pk)
    assert row.day == timezone.localdate()


def test_counted_without_the_page_cache_too(client, views):
    post = PostFactory()
    for _ in range(3):
        assert CACHE_STATUS_HEADER not in read(client, post)
    views.flush()
    assert views_of(post) == 3


def test_head_bots_and_agentless_requests_are_not_views(client, page_cache, views):
    post = PostFactory()
    assert read(client, post, method="head").status_code == 200
    assert read(client, post, method="head").status_code == 200  # a cached hit
    bots = [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ]
    for agent in bots:
        assert read(client, post, agent=agent).status_code == 200
    assert views.flush() == 0
    assert views_of(post) == 0


def test_only_successful_gets_of_public_posts_count(client, views):
    author = UserFactory()
    draft = PostFactory(author=author, draft=True)
    scheduled = PostFactory(author=author, published_at=timezone.now() + timezone.timedelta(days=1))
    client.force_login(author)
    assert read(client, draft).status_code == 200  # its author previews it
    assert read(client, scheduled).status_code == 200
    assert client.get("/posts/no-such-post/", HTTP_USER_AGENT=BROWSER).status_code == 404
    public = PostFactory()
    assert read(client, public, method="post", data={"body": ""}).status_code == 400
    assert read(client, public, **{"QUERY_STRING": "comments=99"}).status_code == 404
    assert read(client, public).status_code == 200  # a signed-in reader's view counts
    assert views.flush() == 1
    assert (views_of(draft), views_of(scheduled), views_of(public)) == (0, 0, 1)


def test_the_mark_never_reaches_the_reader(client, page_cache, views):
    post = PostFactory()
    assert PUBLIC_POST_HEADER not in read(client, post)
    assert PUBLIC_POST_HEADER not in read(client, post)  # from the cache
    assert PUBLIC_POST_HEADER not in read(client, post, method="head")


def test_unique_visitors_are_one_address_and_agent_per_day(client, page_cache, views):
    post, other = PostFactory(), PostFactory()
    for _ in range(3):
        read(client, post, address="198.51.100.1")
    read(client, post, address="198.51.100.1", agent=OTHER_BROWSER)
    read(client, post, address="198.51.100.2")
    read(client, other, address="198.51.100.1")
    views.flush()
    assert (views_of(post), visitors_of(post)) == (5, 3)
    assert (views_of(other), visitors_of(other)) == (1, 1)


def test_the_address_is_stored_only_as_a_salted_hash(client, views):
    post = PostFactory()
    read(client, post, address="198.51.100.77")
    views.flush()
    (stored,) = PostVisitorDay.objects.filter(post_id=post.pk).values_list("visitor", flat=True)
    salt = bytes(DailySalt.objects.get(day=timezone.localdate()).salt)
    reader = visitor_digest(address="198.51.100.77", user_agent=BROWSER)
    assert bytes(stored) == visitor_hash(salt=salt, visitor=reader)
    assert b"198.51.100.77" not in bytes(stored) and len(bytes(stored)) == 32
    # Without the day's salt the same reader hashes to something else: days cannot be linked.
    assert visitor_hash(salt=bytes(32), visitor=reader) != bytes(stored)


def test_salts_of_days_before_yesterday_are_deleted(views):
    today = timezone.localdate()
    for days_ago in (5, 2, 1):
        DailySalt.objects.create(day=today - timezone.timedelta(days=days_ago), salt=b"x" * 32)
    views.buffer.add(post_id=1, day=today, visitor=b"v" * 32)
    views.flush()
    assert sorted(DailySalt.objects.values_list("day", flat=True)) == [
        today - timezone.timedelta(days=1),
        today,
    ]
    PostViewsDay.objects.all().delete()
    PostVisitorDay.objects.all().delete()


def test_flushes_add_up_in_one_row_per_post_and_day(client, page_cache, views):
    post = PostFactory()
    for _ in range(3):
        for _reader in range(4):
            read(client, post)
        views.flush()
    assert PostViewsDay.objects.filter(post_id=post.pk).count() == 1
    assert views_of(post) == 12
    assert visitors_of(post) == 1


def test_a_flush_writes_each_post_day_once(client, views):
    posts = PostFactory.create_batch(3)
    for post in posts:
        for address in ("192.0.2.1", "192.0.2.2"):
            read(client, post, address=address)
    # The salt, the upsert of 3 post-days, the visitors (one INSERT ... ON CONFLICT DO NOTHING),
    # inside one transaction (a savepoint in this test's).
    with CaptureQueriesContext(connections["analytics"]) as queries:
        assert views.flush() == 6
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements.count("INSERT") == 3  # the salt, the views, the visitors
    assert [views_of(p) for p in posts] == [2, 2, 2]


def test_a_post_page_makes_no_query_on_analytics(client, page_cache, views):
    post = PostFactory()
    for _ in range(2):  # a miss, then a hit
        with CaptureQueriesContext(connections["analytics"]) as queries:
            assert read(client, post).status_code == 200
        assert len(queries) == 0


def test_the_buffer_is_bounded():
    buffer = ViewBuffer(max_entries=2)
    today = timezone.localdate()
    for post_id in (1, 2, 3, 1):
        buffer.add(post_id=post_id, day=today, visitor=bytes([post_id]) * 32)
    assert buffer.dropped == 1  # post 3: a third post-day
    pending = buffer.take()
    assert dict(pending.views) == {(1, today): 2, (2, today): 1}
    assert len(pending.visitors) == 2
    buffer.give_back(pending)
    assert buffer.size() == 4

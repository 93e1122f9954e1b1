"""The anonymous page cache (apps/blog/caching.py): what it stores, and that no change is missed.

These tests drive the decorator through small views of their own (this module is their URLconf),
so each rule is checked in isolation; tests/test_page_cache_site.py checks the site's own pages,
in-process and across gunicorn workers.
"""

import time
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import connections
from django.http import HttpResponse, HttpResponseNotFound
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from apps.blog.caching import CACHE_STATUS_HEADER, cache_anonymous_page, content_version_get
from apps.blog.models import Post
from apps.multidb.authors import authors_attach
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.urls(__name__),
]


def post_list(request):
    posts = authors_attach(Post.objects.published().prefetch_related("tags", "comments"))
    lines = [
        f"{post.title} by {post.author.public_name} "
        f"tags={','.join(tag.name for tag in post.tags.all())} "
        f"comments={'|'.join(comment.body for comment in post.comments.all())}"
        for post in posts
    ]
    return HttpResponse("\n".join(lines) or "no posts")


def whoami(request):
    return HttpResponse(f"you are {request.user.get_username() or 'anonymous'}")


def with_form(request):
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


def sets_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def adds_message(request):
    messages.info(request, "hello")
    return HttpResponse("message stored")


def missing(request):
    return HttpResponseNotFound("not here")


urlpatterns = [
    path("posts/", cache_anonymous_page(post_list)),
    path("whoami/", cache_anonymous_page(whoami)),
    path("form/", cache_anonymous_page(with_form)),
    path("cookie/", cache_anonymous_page(sets_cookie)),
    path("message/", adds_message),
    path("missing/", cache_anonymous_page(missing)),
]


def get_counting(client, url):
    """GET `url`; return the response and the number of queries on both aliases together."""
    with (
        CaptureQueriesContext(connections["default"]) as people,
        CaptureQueriesContext(connections["blog_db"]) as blog,
    ):
        response = client.get(url)
    return response, len(people) + len(blog)


def test_second_anonymous_request_is_served_from_memory_without_queries(client, page_cache):
    PostFactory(title="Cached once")
    first, first_queries = get_counting(client, "/posts/")
    second, second_queries = get_counting(client, "/posts/")
    assert first[CACHE_STATUS_HEADER] == "miss" and first_queries > 0
    assert second[CACHE_STATUS_HEADER] == "hit" and second_queries == 0
    assert second.content == first.content
    assert b"Cached once" in second.content


def test_query_string_is_part_of_the_key(client, page_cache):
    client.get("/posts/?page=1")
    assert client.get("/posts/?page=2")[CACHE_STATUS_HEADER] == "miss"
    assert client.get("/posts/?page=1")[CACHE_STATUS_HEADER] == "hit"


def test_cache_off_when_seconds_is_zero(client, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/posts/")
    assert CACHE_STATUS_HEADER not in client.get("/posts/")


def test_published_post_shows_on_the_next_request(client, page_cache):
    client.get("/posts/")
    PostFactory(title="Fresh news")
    response = client.get("/posts/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert b"Fresh news" in response.content


def test_draft_published_later_shows_on_the_next_request(client, page_cache):
    post = PostFactory(title="Was a draft", draft=True)
    assert b"Was a draft" not in client.get("/posts/").content
    post.status = Post.Status.PUBLISHED
    post.save()
    assert b"Was a draft" in client.get("/posts/").content


def test_edited_post_shows_on_the_next_request(client, page_cache):
    post = PostFactory(title="Before edit")
    client.get("/posts/")
    post.title = "After edit"
    post.save()
    content = client.get("/posts/").content
    assert b"After edit" in content and b"Before edit" not in content


def test_deleted_post_disappears_on_the_next_request(client, page_cache):
    post = PostFactory(title="Soon gone")
    assert b"Soon gone" in client.get("/posts/").content
    post.delete()
    assert b"Soon gone" not in client.get("/posts/").content


def test_new_and_removed_comments_show_on_the_next_request(client, page_cache):
    post = PostFactory()
    client.get("/posts/")
    comment = CommentFactory(post=post, body="First!")
    assert b"First!" in client.get("/posts/").content
    comment.delete()
    assert b"First!" not in client.get("/posts/").content


def test_hidden_comment_disappears_on_the_next_request(client, page_cache):
    comment = CommentFactory(body="Rude words")
    assert b"Rude words" in client.get("/posts/").content
    comment.is_visible = False
    comment.save()
    # The test view lists every comment; a hidden one must still trigger a fresh render.
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "miss"


def test_tag_changes_show_on_the_next_request(client, page_cache):
    post = PostFactory()
    tag = TagFactory(name="before")
    client.get("/posts/")
    post.tags.add(tag)
    assert b"tags=before" in client.get("/posts/").content
    tag.name = "after"
    tag.save()
    assert b"tags=after" in client.get("/posts/").content
    post.tags.clear()
    assert b"tags=after" not in client.get("/posts/").content
    post.tags.add(tag)
    assert b"tags=after" in client.get("/posts/").content
    tag.delete()
    assert b"tags=after" not in client.get("/posts/").content


def test_author_profile_edit_shows_on_the_next_request(client, page_cache):
    author = UserFactory(display_name="Old Name")
    PostFactory(author=author)
    assert b"Old Name" in client.get("/posts/").content
    author.display_name = "New Name"
    author.save(update_fields=["display_name"])
    assert b"New Name" in client.get("/posts/").content


def test_a_login_does_not_empty_the_cache(client, page_cache):
    user = UserFactory()
    client.get("/posts/")
    version = content_version_get()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])  # what every login does
    assert content_version_get() == version
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "hit"


def test_deleted_author_disappears_on_the_next_request(client, page_cache):
    author = UserFactory(display_name="Leaving Soon")
    PostFactory(author=author)
    assert b"Leaving Soon" in client.get("/posts/").content
    get_user_model().objects.filter(pk=author.pk).delete()
    # The blog cascade runs after the commit; the orphaned post is skipped by authors_attach.
    assert b"Leaving Soon" not in client.get("/posts/").content


def test_scheduled_post_appears_when_its_time_comes(client, page_cache):
    PostFactory(title="Right on time", published_at=timezone.now() + timedelta(seconds=3))
    assert b"Right on time" not in client.get("/posts/").content
    assert client.get("/posts/")[CACHE_STATUS_HEADER] == "hit"  # cached until then
    time.sleep(3.1)
    assert b"Right on time" in client.get("/posts/").content


def test_signed_in_users_never_get_or_fill_cached_pages(client, page_cache):
    assert client.get("/whoami/").content == b"you are anonymous"
    user = UserFactory(username="reader")
    client.force_login(user)
    for _ in range(2):
        response = client.get("/whoami/")
        assert response.content == b"you are reader"
        assert CACHE_STATUS_HEADER not in response
    client.logout()
    assert client.get("/whoami/").content == b"you are anonymous"


def test_a_signed_in_page_is_not_served_to_anonymous_readers(client, page_cache):
    client.force_login(UserFactory(username="first-visitor"))
    client.get("/whoami/")
    client.logout()
    response = client.get("/whoami/")
    assert response.content == b"you are anonymous"
    assert response[CACHE_STATUS_HEADER] == "miss"


def test_pages_with_a_csrf_token_are_never_stored(client, page_cache):
    first = client.get("/form/")
    assert b"csrfmiddlewaretoken" in first.content
    assert "csrftoken" in first.cookies
    second = client.get("/form/")
    assert second[CACHE_STATUS_HEADER] == "miss"


def test_responses_setting_cookies_are_never_stored(client, page_cache):
    client.get("/cookie/")
    client.cookies.clear()
    response = client.get("/cookie/")
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert response.cookies["seen"].value == "1"


def test_error_pages_are_never_stored(client, page_cache):
    assert client.get("/missing/").status_code == 404
    second = client.get("/missing/")
    assert second.status_code == 404
    assert second[CACHE_STATUS_HEADER] == "miss"


def test_requests_with_pending_messages_bypass_the_cache(client, page_cache):
    client.get("/posts/")
    client.get("/message/")
    assert "messages" in client.cookies
    assert CACHE_STATUS_HEADER not in client.get("/posts/")


def test_post_requests_bypass_the_cache(client, page_cache):
    client.get("/posts/")
    assert CACHE_STATUS_HEADER not in client.post("/posts/")


def test_an_unusable_shared_cache_serves_pages_uncached(client, page_cache, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        },
    }
    PostFactory(title="Still served")
    response = client.get("/posts/")
    assert response.status_code == 200 and b"Still served" in response.content
    assert CACHE_STATUS_HEADER not in response

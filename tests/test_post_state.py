"""A post's state (draft, scheduled, public): one rule for querysets, the model and templates;
the publication date rule; the one ordering of posts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.blog import selectors
from apps.blog.models import Post
from tests.admin_helpers import changelist_context
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

STATE_QUERYSETS = {
    Post.State.DRAFT: Post.objects.drafts,
    Post.State.SCHEDULED: Post.objects.scheduled,
    Post.State.PUBLIC: Post.objects.published,
}


def states_in_querysets(post: Post) -> set[Post.State]:
    return {state for state, rows in STATE_QUERYSETS.items() if rows().filter(pk=post.pk).exists()}


def in_an_hour():
    return timezone.now() + timedelta(hours=1)


@pytest.fixture
def posts():
    return {
        Post.State.DRAFT: PostFactory(draft=True),
        Post.State.SCHEDULED: PostFactory(published_at=in_an_hour()),
        Post.State.PUBLIC: PostFactory(),
    }


def test_each_post_has_one_state_and_the_querysets_agree(posts):
    for state, post in posts.items():
        assert post.state == state
        assert states_in_querysets(post) == {state}
        assert post.is_public == (state == Post.State.PUBLIC)


def test_a_draft_with_a_date_is_still_a_draft():
    post = PostFactory(draft=True, published_at=timezone.now() - timedelta(days=1))
    assert post.state == Post.State.DRAFT
    assert states_in_querysets(post) == {Post.State.DRAFT}


def test_a_published_post_without_a_date_counts_as_a_draft():
    # save() always dates a published post; a bulk update() could still leave one without.
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(published_at=None)
    post.refresh_from_db()
    assert post.state == Post.State.DRAFT
    assert states_in_querysets(post) == {Post.State.DRAFT}


def test_a_scheduled_post_goes_public_when_its_time_comes(client):
    post = PostFactory(title="Right on time", published_at=in_an_hour())
    assert Post.objects.next_publication_at() == post.published_at
    assert client.get(post.get_absolute_url()).status_code == 404
    # What an hour does: its publication time is now in the past.
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    post.refresh_from_db()
    assert post.state == Post.State.PUBLIC
    assert states_in_querysets(post) == {Post.State.PUBLIC}
    assert Post.objects.next_publication_at() is None
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "Right on time" in client.get(reverse("home")).content.decode()


def test_next_publication_at_is_the_earliest_scheduled_post():
    PostFactory()  # public
    PostFactory(draft=True, published_at=timezone.now() + timedelta(minutes=5))  # not scheduled
    later = PostFactory(published_at=timezone.now() + timedelta(days=2))
    sooner = PostFactory(published_at=in_an_hour())
    assert Post.objects.next_publication_at() == sooner.published_at
    sooner.delete()
    assert Post.objects.next_publication_at() == later.published_at


# --- The publication date -----------------------------------------------------------------------


def test_a_post_published_without_a_date_is_published_now():
    before = timezone.now()
    post = PostFactory(published_at=None)
    assert before <= post.published_at <= timezone.now()
    assert post.state == Post.State.PUBLIC


def test_saving_keeps_a_date_it_has():
    when = in_an_hour()
    post = PostFactory(draft=True, published_at=when)
    post.status = Post.Status.PUBLISHED
    post.save()
    assert post.published_at == when
    assert post.state == Post.State.SCHEDULED


def test_a_draft_gets_no_date():
    assert PostFactory(draft=True).published_at is None


# --- Templates show the state -------------------------------------------------------------------


def test_the_dashboard_and_the_post_page_show_each_state(client, posts):
    author = UserFactory()
    Post.objects.update(author_id=author.pk)
    client.force_login(author)
    dashboard = client.get(reverse("dashboard")).content.decode()
    for state in Post.State:
        assert f'<span class="badge badge-{state.value}">{state.label}</span>' in dashboard
    draft = client.get(posts[Post.State.DRAFT].get_absolute_url()).content.decode()
    assert (
        'class="badge badge-draft"' in draft and '<meta name="robots" content="noindex">' in draft
    )
    scheduled = client.get(posts[Post.State.SCHEDULED].get_absolute_url()).content.decode()
    assert 'class="badge badge-scheduled"' in scheduled and "Scheduled for" in scheduled
    public = client.get(posts[Post.State.PUBLIC].get_absolute_url()).content.decode()
    assert "badge-" not in public and 'content="noindex"' not in public


# --- One ordering: newest publication first, the newer row first on a tie -----------------------


@pytest.fixture
def dated_posts():
    tag, author = TagFactory(), UserFactory()
    tie = timezone.now() - timedelta(days=1)
    rows = [
        PostFactory(author=author, published_at=tie - timedelta(days=1)),
        PostFactory(author=author, published_at=tie),
        PostFactory(author=author, published_at=tie),
        PostFactory(author=author, published_at=tie + timedelta(hours=1)),
    ]
    for post in rows:
        post.tags.add(tag)
    newest_first = [rows[3], rows[2], rows[1], rows[0]]
    return {"tag": tag, "author": author, "newest_first": newest_first}


def test_every_list_of_posts_is_newest_first(dated_posts):
    expected = [post.pk for post in dated_posts["newest_first"]]
    lists = [
        Post.objects.all(),
        Post.objects.published(),
        selectors.post_list_published(),
        selectors.post_list_by_author(author_id=dated_posts["author"].pk),
        selectors.post_list_by_tag(tag=dated_posts["tag"]),
        selectors.posts_with_card_data(Post.objects.published()),
    ]
    for posts in lists:
        assert [post.pk for post in posts] == expected, posts.query


def test_the_admin_lists_posts_in_the_same_order(admin_client, dated_posts):
    expected = [post.pk for post in dated_posts["newest_first"]]
    assert [post.pk for post in changelist_context(admin_client, Post).result_list] == expected


def test_comment_counts_count_visible_comments_or_all_for_moderators():
    post = PostFactory()
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, is_visible=False)
    assert Post.objects.with_comment_count().get(pk=post.pk).comment_count == 2
    assert Post.objects.with_comment_count(hidden_too=True).get(pk=post.pk).comment_count == 3
    assert Post.objects.with_comment_count().get(pk=PostFactory().pk).comment_count == 0

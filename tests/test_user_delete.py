"""Deleting a user removes their blog content from `blog_db`, whichever way Django deletes them."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections, transaction

from apps.blog.integrity import BlogDatabaseUnavailable
from apps.blog.models import Comment, Post
from apps.multidb.authors import authors_attach
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

# Transactional: the cascade runs in on_commit, so these tests let the deletions really commit.
pytestmark = pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)

User = get_user_model()


def delete_instance(users, client):
    for user in users:
        user.delete()


def delete_queryset(users, client):
    User.objects.filter(pk__in=[user.pk for user in users]).delete()


def delete_in_admin(users, client):
    for user in users:
        response = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302, response.content[:500]


def delete_in_admin_bulk(users, client):
    response = client.post(
        "/admin/accounts/user/",
        {
            "action": "delete_selected",
            "_selected_action": [user.pk for user in users],
            "post": "yes",
        },
    )
    assert response.status_code == 302, response.content[:500]


DELETIONS = {
    "instance": (delete_instance, 1),
    "queryset": (delete_queryset, 2),
    "admin": (delete_in_admin, 1),
    "admin_bulk": (delete_in_admin_bulk, 2),
}


def blog_rows_of(user_ids) -> dict[str, int]:
    return {
        "posts": Post.objects.filter(author_id__in=user_ids).count(),
        "comments": Comment.objects.filter(author_id__in=user_ids).count(),
    }


@pytest.mark.parametrize("way", DELETIONS)
def test_deleting_users_removes_all_their_blog_content(way, client):
    delete, victim_count = DELETIONS[way]
    admin_user = User.objects.create_superuser("boss", "boss@example.com", "correct-horse-battery")
    client.force_login(admin_user)
    bystander = UserFactory()
    bystander_post = PostFactory(author=bystander)
    victims = UserFactory.create_batch(victim_count)

    doomed_comment_ids = []
    for victim in victims:
        post = PostFactory(author=victim)
        post.tags.add(TagFactory())
        PostFactory(author=victim, draft=True)
        # Other people's comments on the victim's post go with the post.
        doomed_comment_ids.append(CommentFactory(post=post, author=bystander).pk)
        doomed_comment_ids.append(CommentFactory(post=post, author=admin_user).pk)
        # The victim's comments on someone else's post go too.
        doomed_comment_ids.append(CommentFactory(post=bystander_post, author=victim).pk)
    kept_comment = CommentFactory(post=bystander_post, author=admin_user)
    victim_ids = [victim.pk for victim in victims]
    # Each victim: a welcome post (seeded on commit) and two posts.
    assert blog_rows_of(victim_ids) == {"posts": 3 * victim_count, "comments": victim_count}
    survivors = {admin_user.pk, bystander.pk}
    kept_posts = set(Post.objects.filter(author_id__in=survivors).values_list("pk", flat=True))
    assert len(kept_posts) == 3  # two welcome posts and the bystander's post

    delete(victims, client)

    assert not User.objects.filter(pk__in=victim_ids).exists()
    assert blog_rows_of(victim_ids) == {"posts": 0, "comments": 0}
    assert not Comment.objects.filter(pk__in=doomed_comment_ids).exists()
    assert set(Post.objects.values_list("pk", flat=True)) == kept_posts
    assert list(Comment.objects.values_list("pk", flat=True)) == [kept_comment.pk]
    assert not Post.tags.through.objects.exclude(post_id__in=kept_posts).exists()
    assert set(User.objects.values_list("pk", flat=True)) == survivors


@pytest.mark.faults
@pytest.mark.parametrize("way", ["instance", "queryset"])
def test_deleting_a_user_with_blog_db_stopped_is_refused(way, blog_server, client):
    delete, _ = DELETIONS[way]
    victim = UserFactory()
    PostFactory(author=victim)

    blog_server.stop()
    try:
        with pytest.raises(BlogDatabaseUnavailable, match="unreachable"):
            delete([victim], client)
        assert User.objects.filter(pk=victim.pk).exists()
    finally:
        blog_server.start()
        connections["blog_db"].close()

    assert User.objects.filter(pk=victim.pk).exists()
    assert blog_rows_of([victim.pk]) == {"posts": 2, "comments": 0}  # welcome post + own post


@pytest.mark.faults
def test_blog_db_lost_between_the_two_commits_leaves_hidden_orphans_the_audit_removes(
    blog_server, caplog
):
    victim, bystander = UserFactory(), UserFactory()
    PostFactory(author=victim)
    CommentFactory(post=PostFactory(author=bystander), author=victim)
    victim_id = victim.pk

    try:
        with (
            caplog.at_level(logging.ERROR, logger="apps.blog.integrity"),
            transaction.atomic(),
        ):
            victim.delete()  # blog_db answered the pre-delete check
            blog_server.stop()  # and is gone when default commits
    finally:
        blog_server.start()
        connections["blog_db"].close()

    assert not User.objects.filter(pk=victim_id).exists()
    assert any(
        f"User {victim_id} was deleted but their blog content was not" in record.getMessage()
        for record in caplog.records
    )
    assert blog_rows_of([victim_id]) == {"posts": 2, "comments": 1}
    # Pages never see the orphans: the author lookup drops them.
    visible = authors_attach(Post.objects.all())
    assert {post.author_id for post in visible} == {bystander.pk}
    assert [c.author_id for c in authors_attach(Comment.objects.all())] == []

    with pytest.raises(SystemExit) as audit:
        call_command("audit_crossdb")
    assert audit.value.code == 1
    call_command("audit_crossdb", "--fix")
    assert blog_rows_of([victim_id]) == {"posts": 0, "comments": 0}
    assert Post.objects.filter(author_id=bystander.pk).count() == 2
    call_command("audit_crossdb")  # clean: no SystemExit

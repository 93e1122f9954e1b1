"""`manage.py audit_crossdb`: finds drift between the databases, exits 1 on it, --fix repairs."""

import io
import json
import math

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext

from apps.blog.models import Comment, Post
from apps.blog.services import welcome_post_seed
from support.scratch import current_database_urls, manage
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

User = get_user_model()
MISSING_AUTHOR_ID = 10**9


def audit(*args: str) -> tuple[int, str]:
    """Run the command; return its exit code and its output."""
    out = io.StringIO()
    try:
        call_command("audit_crossdb", *args, stdout=out)
    except SystemExit as error:
        return error.code, out.getvalue()
    return 0, out.getvalue()


def audit_json(*args: str) -> tuple[int, dict]:
    code, out = audit("--json", *args)
    return code, json.loads(out)


def findings(report: dict) -> dict[str, dict]:
    return {finding["kind"]: finding for finding in report["findings"]}


def person(**kwargs):
    """A user whose welcome post was seeded, as after a committed sign-up."""
    user = UserFactory(**kwargs)
    welcome_post_seed(user_id=user.pk)
    return user


def user_row_delete(user) -> None:
    """Delete a user in `default` behind Django's back, as a crash between the commits would."""
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])


@pytest.fixture
def blog():
    """A consistent little blog: two authors, posts, comments both ways."""
    alice, bob = person(username="alice"), person(username="bob")
    alice_post, bob_post = PostFactory(author=alice), PostFactory(author=bob)
    CommentFactory(post=alice_post, author=bob)
    CommentFactory(post=bob_post, author=alice)
    return alice, bob


def test_a_clean_system_exits_0(blog):
    code, out = audit()
    assert code == 0
    assert "no inconsistencies" in out

    code, report = audit_json()
    assert code == 0
    assert report["clean"] is True
    assert all(finding["count"] == 0 for finding in report["findings"])


def test_an_empty_system_exits_0():
    assert audit() == (0, "Cross-database audit: no inconsistencies.\n")


def test_a_user_deleted_behind_djangos_back_leaves_orphans_the_audit_finds_and_fixes(blog):
    alice, bob = blog
    ghost = person(username="ghost")
    ghost_post = PostFactory(author=ghost)
    CommentFactory(post=ghost_post, author=alice)  # goes with the orphaned post
    CommentFactory(post=PostFactory(author=bob), author=ghost)
    user_row_delete(ghost)

    code, out = audit()
    assert code == 1
    assert (
        f"orphaned_posts: 2 found (posts whose author no longer exists); 1 ids: {ghost.pk}" in out
    )
    assert "orphaned_comments: 1 found" in out

    code, report = audit_json()
    assert code == 1
    assert report["clean"] is False
    by_kind = findings(report)
    assert by_kind["orphaned_posts"] | {"description": ""} == {
        "kind": "orphaned_posts",
        "description": "",
        "count": 1,
        "rows": 2,
        "sample": [ghost.pk],
        "removed": {},
        "repairable": True,
    }
    assert by_kind["orphaned_comments"]["rows"] == 1
    assert by_kind["missing_welcome_posts"]["count"] == 0

    code, out = audit("--fix")
    assert code == 0
    assert "orphaned_posts: 2 found (posts whose author no longer exists); removed 2 posts," in out
    assert "orphaned_comments: 1 found (comments whose author no longer exists); removed 1 " in out

    assert audit() == (0, "Cross-database audit: no inconsistencies.\n")
    assert not Post.objects.filter(author_id=ghost.pk).exists()
    assert not Comment.objects.filter(author_id=ghost.pk).exists()
    assert not Comment.objects.filter(post_id=ghost_post.pk).exists()
    # Everyone else's content is untouched: two welcome posts, three posts, two comments.
    assert Post.objects.count() == 5
    assert Comment.objects.count() == 2


def test_fix_reports_every_row_it_removed_by_kind(blog):
    """Orphaned comments on an orphaned post are counted as found and as removed, and the
    comments of others that go with an orphaned post are reported too."""
    alice, bob = blog
    ghost = person(username="ghost")
    ghost_post = PostFactory(author=ghost)
    ghost_post.tags.add(TagFactory())
    CommentFactory(post=ghost_post, author=ghost)  # orphaned, on an orphaned post
    CommentFactory(post=ghost_post, author=alice)  # goes with the orphaned post
    CommentFactory(post=PostFactory(author=bob), author=ghost)
    user_row_delete(ghost)
    comments_before = Comment.objects.count()

    code, report = audit_json()
    assert code == 1
    assert findings(report)["orphaned_comments"]["rows"] == 2
    assert all(finding["removed"] == {} for finding in report["findings"])

    code, report = audit_json("--fix")
    assert code == 0
    by_kind = findings(report)
    assert by_kind["orphaned_comments"]["rows"] == 2, "a --fix run finds what a plain run finds"
    assert by_kind["orphaned_comments"]["removed"] == {"comments": 2}
    assert by_kind["orphaned_posts"]["rows"] == 2
    assert by_kind["orphaned_posts"]["removed"] == {"posts": 2, "comments": 1, "tag_links": 1}
    assert by_kind["missing_welcome_posts"]["removed"] == {}
    assert Comment.objects.count() == comments_before - 3
    assert audit()[0] == 0


def test_fix_prints_what_it_removed(blog):
    ghost = person(username="ghost")
    ghost_post = PostFactory(author=ghost)
    CommentFactory(post=ghost_post, author=ghost)
    CommentFactory(post=ghost_post, author=blog[0])
    CommentFactory(post=PostFactory(author=blog[1]), author=ghost)
    user_row_delete(ghost)

    code, out = audit("--fix")
    assert code == 0
    assert (
        "orphaned_posts: 2 found (posts whose author no longer exists); "
        f"removed 2 posts, 1 comment; 1 ids: {ghost.pk}\n"
    ) in out
    assert (
        "orphaned_comments: 2 found (comments whose author no longer exists); "
        f"removed 2 comments; 1 ids: {ghost.pk}\n"
    ) in out


def test_posts_planted_with_an_author_that_never_existed(blog):
    Post.objects.create(title="Nobody's", body="Text.", author_id=MISSING_AUTHOR_ID)
    before = Post.objects.count()

    code, report = audit_json()
    assert code == 1
    assert findings(report)["orphaned_posts"]["sample"] == [MISSING_AUTHOR_ID]

    code, report = audit_json("--fix")
    assert code == 0
    assert report["fixed"] is True
    assert Post.objects.count() == before - 1
    assert audit()[0] == 0


def test_users_without_a_welcome_post_are_found_and_seeded(blog):
    newcomer = UserFactory(username="newcomer")  # its on_commit seed never ran

    code, report = audit_json()
    assert code == 1
    assert findings(report)["missing_welcome_posts"] | {"description": ""} == {
        "kind": "missing_welcome_posts",
        "description": "",
        "count": 1,
        "rows": 1,
        "sample": [newcomer.pk],
        "removed": {},
        "repairable": True,
    }

    assert audit("--fix")[0] == 0
    assert Post.objects.filter(author_id=newcomer.pk, is_welcome=True).count() == 1
    assert audit()[0] == 0
    assert Post.objects.filter(author_id=newcomer.pk, is_welcome=True).count() == 1


def test_the_audit_works_in_batches(blog):
    alice, _ = blog
    ghosts = [person(username=f"ghost{n}") for n in range(5)]
    for ghost in ghosts:
        PostFactory.create_batch(2, author=ghost)
        CommentFactory(post=PostFactory(author=alice), author=ghost)
    for ghost in ghosts:
        user_row_delete(ghost)
    newcomers = UserFactory.create_batch(5)  # never seeded
    post_authors = Post.objects.values("author_id").distinct().count()
    comment_authors = Comment.objects.values("author_id").distinct().count()
    assert post_authors == 7 and comment_authors == 7

    with CaptureQueriesContext(connections["blog_db"]) as blog_queries:
        code, report = audit_json("--batch-size", "2")

    assert code == 1
    by_kind = findings(report)
    assert by_kind["orphaned_posts"]["count"] == 5
    assert by_kind["orphaned_posts"]["rows"] == 15  # two posts and a welcome post each
    assert by_kind["orphaned_comments"]["count"] == 5
    assert by_kind["missing_welcome_posts"]["sample"] == [user.pk for user in newcomers]
    author_pages = [
        query["sql"] for query in blog_queries if query["sql"].startswith("SELECT DISTINCT")
    ]
    assert all(sql.endswith("LIMIT 2") for sql in author_pages)
    # One query per page of two authors, and one more that finds the end (the empty image
    # library: that one alone).
    expected_pages = math.ceil(post_authors / 2) + 1 + math.ceil(comment_authors / 2) + 1 + 1
    assert len(author_pages) == expected_pages

    code, report = audit_json("--fix", "--batch-size", "2")
    assert code == 0
    assert findings(report)["orphaned_posts"]["count"] == 5
    assert audit("--batch-size", "2")[0] == 0
    assert audit()[0] == 0


def test_a_batch_size_below_1_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("audit_crossdb", "--batch-size", "0")


@pytest.mark.django_db(databases=["default", "blog_db"], transaction=True)
def test_the_process_exit_codes():
    """The exit codes an operator's cron job sees, from a real `manage.py` process."""
    user = UserFactory()  # committed, so the welcome post is seeded for real
    PostFactory(author=user)
    environ = current_database_urls()

    user_row_delete(user)
    result = manage("audit_crossdb", "--json", environ=environ)
    assert result.returncode == 1, result.stderr
    assert findings(json.loads(result.stdout))["orphaned_posts"]["rows"] == 2
    assert manage("audit_crossdb", "--fix", environ=environ).returncode == 0
    assert manage("audit_crossdb", environ=environ).returncode == 0
    assert not Post.objects.exists()

"""The local quick-start runs on SQLite: the search migration must skip the PostgreSQL index and
search must fall back to icontains. Proven in a child process on two real SQLite files."""

from support.scratch import manage

SCRIPT = """
from apps.blog.models import Post
from apps.blog.selectors import post_search
from tests.factories import PostFactory, UserFactory
author = UserFactory()
PostFactory(author=author, title="Quokka facts", body="Small and friendly.")
PostFactory(author=author, title="Other", body="Nothing about QUOKKAS here? Yes, quokkas.")
PostFactory(author=author, title="Unrelated", body="Nope.")
PostFactory(author=author, title="Quokka draft", draft=True)
print(sorted(post.title for post in post_search(query="quokka")))
print(list(post_search(query="")))
"""


def test_search_falls_back_to_icontains_on_sqlite(tmp_path):
    environ = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'default.sqlite3'}",
        "BLOG_DATABASE_URL": f"sqlite:///{tmp_path / 'blog.sqlite3'}",
    }
    migrated = manage("migrate_all", environ=environ)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    result = manage("shell", "-c", SCRIPT, environ=environ)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2] == "['Other', 'Quokka facts']"
    assert lines[-1] == "[]"

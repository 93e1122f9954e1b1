"""The local quick-start runs on SQLite: the search migration must skip the PostgreSQL index and
search must fall back to icontains. Proven in a child process on two real SQLite files."""

from tests.web.sqlite_site import sqlite_script_output

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
    lines = sqlite_script_output(tmp_path, SCRIPT)
    assert lines[-2] == "['Other', 'Quokka facts']"
    assert lines[-1] == "[]"

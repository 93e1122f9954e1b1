"""The local quick-start (`make run`) serves every reader page from SQLite: the lists' compiled
SQL and the cards' tags read as arrays are PostgreSQL's, so on SQLite the lists run their
querysets and read the cards' tags in a query of their own. Proven in a child process on real
SQLite files."""

from tests.web.sqlite_site import sqlite_script_output

SCRIPT = """
from django.test import Client
from apps.blog.models import Tag
from tests.factories import PostFactory, UserFactory
author = UserFactory(username="ada")
alpha = Tag.objects.create(name="alpha", slug="alpha")
beta = Tag.objects.create(name="beta", slug="beta")
posts = [PostFactory(author=author, title=f"Harbour {n}") for n in range(3)]
for post in posts:
    post.tags.add(alpha, beta)
client = Client(HTTP_HOST="127.0.0.1")
for path in ("/", "/tags/alpha/", "/search/?q=harbour", "/authors/ada/",
             posts[0].get_absolute_url()):
    response = client.get(path)
    html = response.content.decode()
    print(path, response.status_code, html.count('href="/tags/beta/"'), html.count("Harbour 1"))
"""


def test_reader_pages_answer_on_sqlite_with_cards_tags_and_related_posts(tmp_path):
    output = sqlite_script_output(tmp_path, SCRIPT)
    lines = output[-5:]
    # Each list shows the three cards, each linking its tag beta; the post page links it once
    # and shows the other two posts as related (Harbour 1 among them).
    assert lines == [
        "/ 200 3 1",
        "/tags/alpha/ 200 3 1",
        "/search/?q=harbour 200 3 1",
        "/authors/ada/ 200 3 1",
        "/posts/harbour-0/ 200 1 1",
    ], output

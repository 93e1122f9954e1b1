"""seed_demo fills both databases and is safe to run twice (runs on the production_environ
databases, which were seeded once with support.live.SEED_ARGS)."""

import psycopg

from support.live import SEED_ARGS, run

AUTHORS, POSTS = int(SEED_ARGS[1]), int(SEED_ARGS[3])


def _count(url: str, sql: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def _counts(environ: dict[str, str]) -> dict[str, int]:
    people, blog = environ["DATABASE_URL"], environ["BLOG_DATABASE_URL"]
    return {
        "authors": _count(
            people, "SELECT count(*) FROM accounts_user WHERE username LIKE 'demo-%'"
        ),
        "posts": _count(blog, "SELECT count(*) FROM blog_post WHERE slug LIKE 'demo-post-%'"),
        "tags": _count(blog, "SELECT count(*) FROM blog_tag"),
        "comments": _count(blog, "SELECT count(*) FROM blog_comment"),
        "post_tags": _count(blog, "SELECT count(*) FROM blog_post_tags"),
    }


def test_seed_fills_both_databases(production_environ):
    counts = _counts(production_environ)
    assert counts["authors"] == AUTHORS
    assert counts["posts"] == POSTS
    assert counts["tags"] == 8
    assert counts["comments"] > 0
    blog = production_environ["BLOG_DATABASE_URL"]
    # Rendered bodies, tags on every post, and a few drafts among published posts.
    assert (
        _count(
            blog,
            "SELECT count(*) FROM blog_post "
            "WHERE slug LIKE 'demo-%' AND body_html NOT LIKE '%<h2>%'",
        )
        == 0
    )
    untagged = "SELECT count(*) FROM blog_post p WHERE slug LIKE 'demo-%' AND NOT EXISTS "
    assert _count(blog, untagged + "(SELECT 1 FROM blog_post_tags t WHERE t.post_id = p.id)") == 0
    assert (
        _count(blog, "SELECT count(*) FROM blog_post WHERE slug LIKE 'demo-%' AND status = 'draft'")
        == 2
    )


# Real people the demo authors were once named after: demo content must not speak for them.
REAL_PEOPLE = ("Lovelace", "Hopper", "Torvalds", "Hamilton", "van Rossum", "Liskov", "Thompson")


def test_demo_authors_have_invented_names(production_environ):
    with psycopg.connect(production_environ["DATABASE_URL"]) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT display_name FROM accounts_user WHERE username LIKE 'demo-author-%'"
            )
        ]
    assert len(names) == AUTHORS and all(names)
    assert [name for name in names if name.endswith(REAL_PEOPLE)] == []


def test_second_run_creates_nothing_and_leaves_nothing_to_repair(production_environ):
    before = _counts(production_environ)
    result = run("manage.py", "seed_demo", *SEED_ARGS, environ=production_environ)
    assert f"{AUTHORS} demo authors (0 new), {POSTS} demo posts (0 new)" in result.stdout
    assert _counts(production_environ) == before
    # Every demo author got a welcome post although bulk_create sends no signals.
    audit = run("manage.py", "audit_crossdb", environ=production_environ)
    assert "no inconsistencies" in audit.stdout, audit.stdout


def test_bigger_sizes_add_only_the_difference(production_environ):
    before = _counts(production_environ)
    result = run(
        "manage.py", "seed_demo", "--authors", str(AUTHORS + 1), "--posts", str(POSTS + 3),
        environ=production_environ,
    )  # fmt: skip
    assert "(1 new)" in result.stdout and "(3 new)" in result.stdout
    after = _counts(production_environ)
    assert after["authors"] == before["authors"] + 1
    assert after["posts"] == before["posts"] + 3

"""Fast, deterministic bulk seeding for the benchmark: many authors, tags, posts and comments.

    DJANGO_SETTINGS_MODULE=config.settings python -m bench.seed --posts 100000

Rows go in through apps/blog/seeding.py in batches (no per-row signals, no per-row rendering):
bodies are built from a pool of paragraphs rendered once with the site's own renderer, and the
rendered paragraphs are joined, which is exactly what rendering the joined Markdown gives. Writes
a JSON description of what the benchmark should request (`--describe PATH`).

Shape, for N posts: N/20 authors (at least 20), N/200 tags (at least 30) picked with a skewed
popularity, 1 to 4 tags and 0 to 6 comments per post, 4% drafts, 1% scheduled for the future.
The search term `SEARCH_TERM` is put in a fixed number of posts whatever N is, so the search
page measures the cost of finding a few posts among many, not of listing a growing result set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta

SEARCH_TERM = "zeppelin"
SEARCH_TERM_POSTS = 30
BENCH_POST_COMMENTS = 25
BATCH = 2000
PARAGRAPH_POOL = 2000

SYLLABLES = ["ka", "lo", "mi", "ren", "ta", "vo", "shi", "ne", "ru", "pa", "li", "do", "sen", "mar",
             "tel", "quo", "vin", "bra", "sto", "gel", "fen", "dur", "wal", "ix", "or", "ap", "um",
             "ec", "ly", "zan", "pol", "ter", "hig", "mon"]  # fmt: skip


def _words(rng: random.Random, count: int) -> list[str]:
    vocabulary = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(count * 2)
    }
    vocabulary.discard(SEARCH_TERM)
    return sorted(vocabulary)[:count]


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    words = rng.choices(vocabulary, k=rng.randint(6, 16))
    return " ".join(words).capitalize() + "."


def _paragraph_markdown(rng: random.Random, vocabulary: list[str], index: int) -> str:
    kind = index % 7
    if kind == 0:
        return f"## {_sentence(rng, vocabulary)[:-1]}"
    if kind == 1:
        return "\n".join(f"- {_sentence(rng, vocabulary)}" for _ in range(rng.randint(2, 4)))
    if kind == 2:
        words = rng.choices(vocabulary, k=3)
        return f"```\n{words[0]} = {words[1]}({words[2]})\n```"
    sentences = [_sentence(rng, vocabulary) for _ in range(rng.randint(3, 6))]
    sentences[0] = f"**{sentences[0]}**" if kind == 3 else sentences[0]
    if kind == 4:
        sentences[-1] = f"[{sentences[-1]}](https://example.com/{index})"
    return " ".join(sentences)


def seed(*, posts: int, seed_value: int = 8) -> dict:
    # Imported here so `--help` works without Django configured.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from django.utils import timezone
    from django.utils.text import slugify

    from apps.blog.models import Comment, Post, Tag
    from apps.blog.rendering import render_markdown
    from apps.blog.seeding import PostSeed, posts_bulk_create, users_bulk_create

    rng = random.Random(seed_value)
    started = time.monotonic()
    now = timezone.now()
    user_model = get_user_model()
    vocabulary = _words(rng, 3000)

    author_count = max(20, posts // 20)
    password = make_password("bench-password-not-secret")
    users = [
        user_model(
            username=f"author{i}",
            email=f"author{i}@example.com",
            display_name=" ".join(w.capitalize() for w in rng.choices(vocabulary, k=2)),
            bio=_sentence(rng, vocabulary),
            password=password,
        )
        for i in range(author_count)
    ]
    users_bulk_create(users=users, welcome_posts=False)  # no welcome drafts in the data
    author_ids = list(user_model.objects.order_by("pk").values_list("pk", flat=True))
    # Skewed output: a few prolific authors, a long tail.
    author_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(author_ids))]

    tag_count = max(30, posts // 200)
    tag_names = sorted({w for w in rng.sample(vocabulary, tag_count * 2)})[:tag_count]
    Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in tag_names])
    tag_ids = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    tag_weights = [1 / (rank + 1) for rank in range(len(tag_ids))]

    paragraphs = [_paragraph_markdown(rng, vocabulary, i) for i in range(PARAGRAPH_POOL)]
    paragraphs_html = [render_markdown(source) for source in paragraphs]
    needle_paragraph = f"The {SEARCH_TERM} rose over the {rng.choice(vocabulary)} at dawn."
    needle_html = render_markdown(needle_paragraph)
    needle_posts = set(rng.sample(range(posts), min(SEARCH_TERM_POSTS, posts)))

    post_total = comment_total = tagging_total = 0
    for start in range(0, posts, BATCH):
        batch = []
        for i in range(start, min(posts, start + BATCH)):
            chosen = rng.sample(range(PARAGRAPH_POOL), rng.randint(3, 6))
            sources = [paragraphs[p] for p in chosen]
            htmls = [paragraphs_html[p] for p in chosen]
            title_words = rng.choices(vocabulary, k=rng.randint(3, 7))
            if i in needle_posts:
                sources.insert(1, needle_paragraph)
                htmls.insert(1, needle_html)
                if i % 3 == 0:
                    title_words.insert(1, SEARCH_TERM)
            title = " ".join(title_words).capitalize()
            roll = rng.random()
            if roll < 0.04:
                status, published_at = Post.Status.DRAFT, None
            elif roll < 0.05:
                status = Post.Status.PUBLISHED
                published_at = now + timedelta(days=rng.uniform(1, 30))
            else:
                status = Post.Status.PUBLISHED
                published_at = now - timedelta(days=rng.uniform(0.01, 3 * 365))
            post = Post(
                title=title,
                slug=f"{slugify(title)[:200]}-{i}",
                author_id=rng.choices(author_ids, weights=author_weights)[0],
                body="\n\n".join(sources),
                status=status,
                published_at=published_at,
            )
            # Rendering the joined Markdown gives the joined rendered paragraphs.
            post.body_render(html="\n".join(htmls))
            batch.append(PostSeed(post=post))
        for seed in batch:
            seed.tag_ids = set(rng.choices(tag_ids, weights=tag_weights, k=rng.randint(1, 4)))
            seed.comments = [
                Comment(author_id=rng.choice(author_ids), body=_sentence(rng, vocabulary))
                for _ in range(rng.randint(0, 6) if seed.post.published_at else 0)
            ]
        seeded = posts_bulk_create(seeds=batch)
        post_total += seeded.posts
        tagging_total += seeded.taggings
        comment_total += seeded.comments
        print(f"seed: {post_total}/{posts} posts", file=sys.stderr, flush=True)

    # The post page under test: the newest public post, with a full comment thread from
    # distinct commenters (the page must not cost a query per commenter).
    bench_post = Post.objects.published().first()
    Comment.objects.filter(post=bench_post).delete()
    bench_comments = [
        Comment(post=bench_post, author_id=author_id, body=_sentence(rng, vocabulary))
        for author_id in rng.sample(author_ids, min(BENCH_POST_COMMENTS, len(author_ids)))
    ]
    for comment in bench_comments:
        comment.body_render()  # bulk_create calls no save()
    Comment.objects.bulk_create(bench_comments)
    tag_ids_on_bench_post = set(bench_post.tags.values_list("pk", flat=True))
    if len(tag_ids_on_bench_post) < 3:
        bench_post.tags.add(*tag_ids[:3])

    top_author_id = (
        Post.objects.published()
        .values("author_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("author_id", flat=True)
        .first()
    )
    # The tag nearest 5% of the posts: the same share of the content at every N, so the tag page
    # compares like with like (a tag's page costs more the rarer the tag).
    tag_sizes = Post.tags.through.objects.values("tag_id").annotate(n=Count("post_id")).order_by()
    middle_id = min(tag_sizes, key=lambda row: abs(row["n"] - 0.05 * posts))["tag_id"]
    middle_tag = Tag.objects.get(pk=middle_id)
    description = {
        "posts": post_total,
        "authors": author_count,
        "tags": len(tag_ids),
        "taggings": tagging_total,
        "comments": comment_total + BENCH_POST_COMMENTS,
        "post_slug": bench_post.slug,
        "author_username": user_model.objects.get(pk=top_author_id).username,
        "tag_slug": middle_tag.slug,
        "tag_posts": middle_tag.posts.count(),
        "search_term": SEARCH_TERM,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"seed: done in {description['seconds']} s", file=sys.stderr, flush=True)
    return description


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--describe", help="write the JSON description of the data here")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    description = seed(posts=args.posts)
    text = json.dumps(description, indent=2)
    if args.describe:
        with open(args.describe, "w") as handle:
            handle.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

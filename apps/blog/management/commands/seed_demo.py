"""manage.py seed_demo: something to read on a fresh stack, and data for the benchmark.

Demo authors go to `default`; their posts, tags and comments to `blog_db`. Safe to run again:
authors are found by username, posts by slug, tags by name whatever its case, and only what is
missing is created (comments only on posts created in this run), so a second run with the same
sizes adds nothing.
Rows are written in bulk by apps.blog.seeding, so bodies are rendered here (no Post.save).
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.blog.models import Comment, Post, Tag
from apps.blog.seeding import PostSeed, posts_bulk_create, users_bulk_create
from apps.blog.services import tags_get_or_create
from apps.multidb.aliases import BLOG_DB, PEOPLE_DB

DRAFT_EVERY = 10  # every tenth demo post is a draft, visible only to its author
TAG_NAMES = [
    "Django", "PostgreSQL", "Python", "Databases", "Deployment", "Testing", "Writing",
    "Open source",
]  # fmt: skip
# Invented people: demo posts must not put words in the mouths of real ones.
FIRST_NAMES = ["Mirela", "Tobin", "Ysolde", "Anselm", "Noor", "Casimir", "Eluned", "Jory"]
LAST_NAMES = ["Fennimore", "Quillan", "Ashgrove", "Vantwell", "Brackley", "Ostrander", "Pellow"]
TITLES = [
    "Splitting a Django site across two databases",
    "What a database router can and cannot do",
    "Notes from a week of PostgreSQL tuning",
    "Writing tests that stop the database",
    "Why our foreign keys have no constraints",
    "A small guide to Markdown for writers",
    "Deploying Django with gunicorn and whitenoise",
    "Reading query plans without fear",
    "The case for boring technology",
    "Health checks that tell the truth",
    "Batch lookups instead of joins",
    "On writing every day",
]
SENTENCES = [
    "Every cross-database path has to be tested against two real servers.",
    "A join cannot cross from one PostgreSQL server to another, so ids are resolved in batches.",
    "The router sends each app to its alias by app label and never guesses.",
    "Persistent connections save a round trip on every request.",
    "A health check that touches no database tells you only that the process is alive.",
    "Short connect timeouts turn a hanging page into a clear error in seconds.",
    "Markdown keeps the writing readable before it is rendered.",
    "Static files get a hash in their name, so browsers may cache them for years.",
    "Deleting a user carries over to the blog database once the first commit is done.",
    "An audit command finds the drift that no transaction could prevent.",
    "Small functions with keyword-only arguments are easy to call correctly.",
    "Tests that can fail are the only tests worth keeping.",
]
COMMENTS = [
    "Thanks, this saved me an afternoon.",
    "How does this behave when the second database is down?",
    "We did the same and never looked back.",
    "Clear and to the point. More of these, please.",
    "Could you share the benchmark numbers?",
    "I had never thought about the deletion collector that way.",
]


def demo_username(number: int) -> str:
    return f"demo-author-{number}"


def demo_post_slug(number: int) -> str:
    return f"demo-post-{number}"


def demo_post_title(number: int) -> str:
    title = TITLES[(number - 1) % len(TITLES)]
    part = (number - 1) // len(TITLES) + 1
    return title if part == 1 else f"{title}, part {part}"


def demo_comments(slug: str, author_ids: list[int], max_comments: int) -> list[Comment]:
    rng = random.Random(f"comments-{slug}")
    return [
        Comment(author_id=rng.choice(author_ids), body=rng.choice(COMMENTS))
        for _ in range(rng.randint(0, max_comments))
    ]


def demo_post_body(rng: random.Random) -> str:
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(2, 4))]
    points = "\n".join(f"- {sentence}" for sentence in rng.sample(SENTENCES, 3))
    return (
        f"{paragraphs[0]}\n\n## What we learned\n\n{points}\n\n"
        + "\n\n".join(paragraphs[1:])
        + "\n\n```python\nPost.objects.filter(author_id__in=author_ids)\n```\n"
    )


class Command(BaseCommand):
    help = "Fill both databases with demo authors, posts, tags and comments. Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--authors", type=int, default=8, help="Demo authors (default 8).")
        parser.add_argument("--posts", type=int, default=40, help="Demo posts in all (default 40).")
        parser.add_argument(
            "--comments", type=int, default=4, help="At most this many comments per new post."
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Let demo authors sign in with this password (default: they cannot sign in).",
        )

    def handle(self, *args, authors: int, posts: int, comments: int, password, **options) -> None:
        if authors < 1 or posts < 0 or comments < 0:
            raise CommandError("--authors must be at least 1; --posts and --comments at least 0.")
        author_ids, new_authors = self._authors(count=authors, password=password)
        tags = tags_get_or_create(names=TAG_NAMES)
        new_posts, new_comments = self._posts(
            count=posts, author_ids=author_ids, tags=tags, max_comments=comments
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_demo: {authors} demo authors ({new_authors} new), {posts} demo posts "
                f"({new_posts} new), {len(tags)} tags, {new_comments} new comments"
            )
        )

    def _authors(self, *, count: int, password: str | None) -> tuple[list[int], int]:
        user_model = get_user_model()
        usernames = [demo_username(number) for number in range(1, count + 1)]
        existing = set(
            user_model.objects.using(PEOPLE_DB)
            .filter(username__in=usernames)
            .values_list("username", flat=True)
        )
        # Hashing is deliberately slow: hash a shared demo password once.
        hashed = make_password(password) if password else None
        missing = [
            user_model(
                username=username,
                email=f"{username}@example.com",
                display_name=f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[number % len(LAST_NAMES)]}",
                bio="A demo author created by seed_demo.",
                password=hashed or make_password(None),
            )
            for number, username in enumerate(usernames, start=1)
            if username not in existing
        ]
        created = users_bulk_create(users=missing)
        ids = dict(
            user_model.objects.using(PEOPLE_DB)
            .filter(username__in=usernames)
            .values_list("username", "pk")
        )
        return [ids[username] for username in usernames], len(created)

    def _posts(
        self, *, count: int, author_ids: list[int], tags: list[Tag], max_comments: int
    ) -> tuple[int, int]:
        slugs = [demo_post_slug(number) for number in range(1, count + 1)]
        existing = set(
            Post.objects.using(BLOG_DB).filter(slug__in=slugs).values_list("slug", flat=True)
        )
        now = timezone.now()
        seeds = []
        for number, slug in enumerate(slugs, start=1):
            if slug in existing:
                continue
            rng = random.Random(number)
            body = demo_post_body(rng)
            is_draft = number % DRAFT_EVERY == 0
            post = Post(
                title=demo_post_title(number),
                slug=slug,
                author_id=author_ids[number % len(author_ids)],
                body=body,
                status=Post.Status.DRAFT if is_draft else Post.Status.PUBLISHED,
                # Newest first: post 1 is the most recent.
                published_at=None if is_draft else now - timedelta(hours=7 * number),
            )
            post.body_render()
            tag_ids = [tags[index].pk for index in rng.sample(range(len(tags)), rng.randint(1, 3))]
            comments = [] if is_draft else demo_comments(slug, author_ids, max_comments)
            seeds.append(PostSeed(post=post, tag_ids=tag_ids, comments=comments))
        seeded = posts_bulk_create(seeds=seeds)
        return seeded.posts, seeded.comments

"""The hostile input itself, and what every test of it checks: the answer and the row counts."""

from django.contrib.auth import get_user_model

from apps.blog.models import Comment, Post, Tag
from tests.web.helpers import post_form

ACCEPTABLE = {200, 301, 302, 400, 403, 404, 405}

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<a style="background:url(javascript:alert(1))">x</a>',
]
ODD_TEXT = [
    "\u202eevil\u202c",  # right-to-left override
    "zero\u200bwidth",
    "e\u0301\u0301\u0301",  # stacked combining marks
    "😀" * 50,
    "\ufeffbom",
    "' OR 1=1 --",
    "../../etc/passwd",
]
# Characters that change how a name looks without being seen: refused in titles, tags and display
# names (apps/accounts/invisible_characters.py).
INVISIBLE = {
    "right-to-left override": "txt\u202eexe.doc",
    "left-to-right isolate": "a\u2066b\u2069",
    "arabic letter mark": "a\u061cb",
    "zero-width space": "djan\u200bgo",
    "zero-width joiner between ascii": "djan\u200dgo",
    "zero-width non-joiner at the end": "django\u200c",
    "word joiner": "djan\u2060go",
    "byte order mark": "\ufeffdjango",
    "soft hyphen": "djan\u00adgo",
    "hangul filler": "\u3164",
    "tag character": "django\U000e0041",
}
# Joiners that scripts and emoji need, between two non-ASCII characters: accepted.
JOINED = {
    "persian with a non-joiner": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "emoji family": "\U0001f468\u200d\U0001f469\u200d\U0001f467",
}
NUL = "bad\x00byte"
HUGE = "x" * 200_000
# Control characters XML cannot carry (they once made the feeds answer 500).
CONTROL = ["bad\x01text", "bad\x07text", "bad\x0btext", "bad\x1btext"]
# Markdown that took Python-Markdown seconds to hours, at and below the body limit.
PATHOLOGICAL_MARKDOWN = [
    "![" * 5500,
    "[" * 4000,
    "![" * 50_000,
    "[" * 100_000,
    "<" * 100_000,
    "&x" * 50_000,
    "<em" + " ab" * 33_331 + ">x",
    "|a|b|\n|-|-|\n" + "|x\n" * 33_329,
]
TOO_DEEP = [">" * 40 + " deep", "<blockquote>" * 40, "1. " * 40 + "x"]

BAD_PAGES = ["abc", "-1", "0", "999999", "9" * 40, "1e9", "%00", "1.5", ""]


def row_counts() -> tuple[int, ...]:
    """Users, posts, comments and tags: unchanged after a rejected submission."""
    return (
        get_user_model().objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Tag.objects.count(),
    )


def assert_answered_cleanly(response, what: str) -> None:
    assert response.status_code in ACCEPTABLE, f"{what}: {response.status_code}"


def post_payload(**overrides) -> dict:
    """A valid post form with two tags, with the fields under test replaced."""
    return post_form(**{"title": "A fine title", "tags": "django, databases", **overrides})


def signup_payload(name: str, **overrides) -> dict:
    """A valid sign-up form for `name`, with the fields under test replaced."""
    return {
        "username": name,
        "email": f"{name}@example.com",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        **overrides,
    }


def overrides_id(overrides: dict) -> str:
    """A test id naming the replaced fields and the start of their values."""
    return ",".join(f"{key}={value[:12]!r}" for key, value in overrides.items())

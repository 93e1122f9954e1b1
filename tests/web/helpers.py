"""Shared helpers for the web UI tests."""

import re
from html.parser import HTMLParser

from django.contrib.auth.models import Permission
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

ALIASES = ("default", "blog_db")


def post_form(**overrides) -> dict:
    """The post form as a browser submits it, valid unless `overrides` say otherwise."""
    return {
        "title": "A title",
        "body": "Some *Markdown*.",
        "tags": "",
        "status": "published",
        "published_at": "",
        **overrides,
    }


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no stale permission cache


def queries_per_alias(client, url: str) -> dict[str, int]:
    """GET `url` and count the queries it ran on each alias."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["blog_db"]) as blog,
    ):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return {"default": len(default), "blog_db": len(blog)}


LIVE_MARKUP_TAGS = {"script", "iframe", "svg", "math", "style", "object", "embed", "frame", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset"}


# The site's own scripts, which the Content-Security-Policy allows: a file under /static/js/.
OWN_SCRIPT = re.compile(r"/static/js/[\w.-]+\.js")


class LiveMarkupFinder(HTMLParser):
    """Collects every piece of markup in a document that could run script, but the site's own
    script files (empty <script> elements loading one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._own_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and OWN_SCRIPT.fullmatch(dict(attrs).get("src") or ""):
            self._own_script = True
        elif tag in LIVE_MARKUP_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES and value:
                squashed = "".join(ch for ch in value if ch > " ").lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._own_script and data.strip():
            self.problems.append("<script> with inline code")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._own_script = False


def live_markup(html: str) -> list[str]:
    finder = LiveMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


class FormValues(HTMLParser):
    """The values a browser would submit from the forms of a page, unchanged by the user."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "checkbox"):
            self.values[name] = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self.values[name] = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            text = self.values[self._textarea]
            # Browsers drop the one newline right after <textarea>.
            self.values[self._textarea] = text + (data if text else data.removeprefix("\n"))


def form_values(html: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(html)
    parser.close()
    return parser.values

"""Helpers for driving the Django admin through the test client."""

from html.parser import HTMLParser

from django.contrib import admin
from django.db import connections
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_post_data(form) -> dict:
    """What a browser would submit for an unbound admin form, left as it is shown."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{key}_{index}"] = str(part)
        elif value is None:
            continue
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def changelist_context(client, model, query: str = ""):
    response = client.get(admin_url(model, "changelist") + query)
    assert response.status_code == 200, (query, response.status_code)
    return response.context["cl"]


def count_queries(callable_, aliases=("default", "blog_db")) -> dict[str, int]:
    """Run `callable_` and return how many queries it made on each alias."""
    contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in aliases}
    for context in contexts.values():
        context.__enter__()
    try:
        callable_()
    finally:
        for context in contexts.values():
            context.__exit__(None, None, None)
    return {alias: len(context.captured_queries) for alias, context in contexts.items()}


def model_admin(model):
    return admin.site.get_model_admin(model)


class ChangelistRows(HTMLParser):
    """The text of each changelist row's cells, by column (`field-<name>` class)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, str]] = []
        self._column: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "tr":
            self.rows.append({})
        column = next((name[6:] for name in classes if name.startswith("field-")), None)
        if tag in ("td", "th") and column:
            self._column = column
            self.rows[-1][column] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._column = None

    def handle_data(self, data: str) -> None:
        if self._column:
            self.rows[-1][self._column] += data


def changelist_rows(client, model) -> list[dict[str, str]]:
    parser = ChangelistRows()
    parser.feed(client.get(admin_url(model, "changelist")).content.decode())
    return [row for row in parser.rows if row]

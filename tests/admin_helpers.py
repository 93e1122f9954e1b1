"""Helpers for driving the Django admin through the test client."""

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

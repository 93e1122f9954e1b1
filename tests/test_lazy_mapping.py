"""LazyMapping (apps/core/lazy_mapping.py): what every page's header and footer read."""

import pytest
from django.template import Context, Template

from apps.core.lazy_mapping import LazyMapping


def counting_load(values: dict) -> tuple[list, LazyMapping]:
    calls = []

    def load() -> dict:
        calls.append(1)
        return values

    return calls, LazyMapping(load)


def test_nothing_is_loaded_until_a_template_reads_a_key():
    calls, mapping = counting_load({"title": "Ink"})
    assert Template("{% if mapping %}shown{% endif %}").render(Context({"mapping": mapping}))
    assert calls == []
    html = Template("{{ mapping.title }} {{ mapping.title }}").render(Context({"mapping": mapping}))
    assert html == "Ink Ink"
    assert calls == [1]


def test_a_key_the_load_did_not_give_is_missing_and_loads_nothing_again():
    calls, mapping = counting_load({"login": "/accounts/login/"})
    html = Template("{% if mapping.signup %}signup{% endif %}{{ mapping.login }}").render(
        Context({"mapping": mapping})
    )
    assert html == "/accounts/login/"
    assert mapping.get("signup") is None
    assert calls == [1]


def test_a_failed_load_is_tried_again_at_the_next_lookup():
    attempts = []

    def load() -> dict:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("unreadable")
        return {"title": "Ink"}

    mapping = LazyMapping(load)
    with pytest.raises(RuntimeError):
        mapping["title"]
    assert mapping["title"] == "Ink"
    assert len(attempts) == 2

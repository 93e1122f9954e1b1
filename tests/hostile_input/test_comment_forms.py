"""Hostile comments: invalid ones and a burst past the rate limit store nothing."""

import pytest

from tests.hostile_input.corpus import CONTROL, NUL, assert_answered_cleanly, row_counts

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


@pytest.mark.parametrize("body", ["", "   ", NUL, "c" * 5001, *CONTROL])
def test_invalid_comments_store_nothing(client, world, body):
    client.force_login(world["author"])
    before = row_counts()
    response = client.post(world["post"].get_absolute_url(), {"body": body})
    assert_answered_cleanly(response, f"comment {body[:10]!r}")
    assert response.status_code != 302
    assert row_counts() == before


# What the penetration test did: 200 comments of 5,000 characters in 8 s. The limit (5 comments a
# minute) refuses the rest with a 429.
@pytest.mark.usefixtures("fresh_rate_limit_window")
def test_a_burst_of_long_comments_is_refused_past_the_limit_and_stores_nothing(client, world):
    client.force_login(world["author"])
    url = world["post"].get_absolute_url()
    for _ in range(5):
        assert client.post(url, {"body": "c" * 5000}).status_code == 302
    before = row_counts()
    for _ in range(20):
        assert client.post(url, {"body": "c" * 5000}).status_code == 429
    assert row_counts() == before

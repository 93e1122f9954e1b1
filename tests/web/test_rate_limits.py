"""Rate limits: comments per account and per client address, sign-ups per client address,
previews and saves of the post form per account; a refusal is a 429 page that says when to try
again and keeps what was typed, and stores nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import RateLimitCounter
from apps.blog.models import Comment, Post
from tests.factories import PostFactory, UserFactory
from tests.web.helpers import post_form

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.usefixtures("fresh_rate_limit_window"),
]

User = get_user_model()


def _signup(number: int) -> dict:
    return {
        "username": f"newcomer{number}",
        "email": f"newcomer{number}@example.com",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }


def _windows_end() -> None:
    """Let every counting window end, as time passing would."""
    RateLimitCounter.objects.update(window_ends_at=F("window_ends_at") - timedelta(days=2))


def _assert_retry_after(response, *, at_most: int) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= at_most
    assert "Try again in" in response.content.decode()


def test_comments_are_limited_per_account_per_minute(client):
    post = PostFactory()
    reader = UserFactory()
    client.force_login(reader)
    for number in range(5):
        assert client.post(post.get_absolute_url(), {"body": f"Remark {number}"}).status_code == 302
    response = client.post(post.get_absolute_url(), {"body": "One too many"})
    _assert_retry_after(response, at_most=60)
    html = response.content.decode()
    assert "One too many</textarea>" in html  # the refused comment, ready to send again
    assert f'action="{post.get_absolute_url()}"' in html
    assert Comment.objects.filter(author_id=reader.pk).count() == 5

    client.force_login(UserFactory())  # another account is not held back
    assert client.post(post.get_absolute_url(), {"body": "Hello"}).status_code == 302

    client.force_login(reader)
    _windows_end()
    assert client.post(post.get_absolute_url(), {"body": "A minute later"}).status_code == 302


def test_comments_are_limited_per_client_address_whatever_the_account(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_client": [(3, 60), (50, 86_400)]}
    post = PostFactory()
    for number in range(3):
        client.force_login(UserFactory())
        response = client.post(post.get_absolute_url(), {"body": f"Remark {number}"})
        assert response.status_code == 302
    client.force_login(UserFactory())  # a fresh account, from the same address
    response = client.post(post.get_absolute_url(), {"body": "A fourth voice"})
    _assert_retry_after(response, at_most=60)
    assert "You are commenting faster than we allow" in response.content.decode()
    assert "A fourth voice</textarea>" in response.content.decode()
    assert not Comment.objects.filter(body="A fourth voice").exists()
    other_address = {"REMOTE_ADDR": "203.0.113.9"}
    response = client.post(post.get_absolute_url(), {"body": "From elsewhere"}, **other_address)
    assert response.status_code == 302


def test_comments_are_limited_per_day_and_refusals_are_not_counted(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": [(2, 60), (3, 86_400)]}
    post = PostFactory()
    client.force_login(UserFactory())
    for number in range(2):
        assert client.post(post.get_absolute_url(), {"body": f"Remark {number}"}).status_code == 302
    assert client.post(post.get_absolute_url(), {"body": "Too fast"}).status_code == 429
    assert client.post(post.get_absolute_url(), {"body": "Too fast"}).status_code == 429
    # The refused attempts used none of the day's allowance: one more comment fits in it.
    RateLimitCounter.objects.filter(
        window_ends_at__lt=timezone.now() + timedelta(minutes=2)
    ).update(window_ends_at=timezone.now() - timedelta(seconds=1))
    assert client.post(post.get_absolute_url(), {"body": "Third"}).status_code == 302
    response = client.post(post.get_absolute_url(), {"body": "Fourth"})
    midnight = datetime.combine(timezone.now().date() + timedelta(days=1), datetime.min.time(), UTC)
    _assert_retry_after(response, at_most=86_400)
    assert abs(timezone.now() + timedelta(seconds=int(response["Retry-After"])) - midnight) < (
        timedelta(seconds=5)
    )
    assert Comment.objects.filter(post=post).count() == 3


def test_an_invalid_comment_uses_no_allowance(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": [(1, 60)]}
    post = PostFactory()
    client.force_login(UserFactory())
    assert client.post(post.get_absolute_url(), {"body": "  "}).status_code == 400
    assert client.post(post.get_absolute_url(), {"body": "Valid"}).status_code == 302


def test_signups_are_limited_per_address(client):
    for number in range(5):
        response = client.post(reverse("signup"), _signup(number))
        assert response.status_code == 302
        client.logout()
    response = client.post(reverse("signup"), _signup(5))
    _assert_retry_after(response, at_most=3_600)
    html = response.content.decode()
    assert 'value="newcomer5"' in html and 'value="newcomer5@example.com"' in html
    assert "a-long-unusual-passphrase-42" not in html  # passwords are never sent back
    assert not User.objects.filter(username="newcomer5").exists()
    assert User.objects.filter(username__startswith="newcomer").count() == 5

    other = client.post(reverse("signup"), _signup(6), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_signups_behind_a_proxy_are_limited_per_client_not_per_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": [(1, 3_600)]}
    first = client.post(reverse("signup"), _signup(0), HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert first.status_code == 302
    client.logout()
    # A client's own X-Forwarded-For entries (left of the proxy's) change nothing.
    forged = "198.51.100.1, 203.0.113.5"
    assert client.post(reverse("signup"), _signup(1), HTTP_X_FORWARDED_FOR=forged).status_code == (
        429
    )
    other = client.post(reverse("signup"), _signup(2), HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302


def test_a_limit_of_zero_is_no_limit(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "comment": [(0, 60)],
        "comment_client": [(0, 60)],
    }
    post = PostFactory()
    client.force_login(UserFactory())
    for number in range(8):
        assert client.post(post.get_absolute_url(), {"body": f"Remark {number}"}).status_code == 302
    assert not RateLimitCounter.objects.exists()


def _preview(client, url: str, **fields):
    form = {"title": "A title", "body": "Some *Markdown*.", "status": "draft", **fields}
    return client.post(url, {**form, "preview": "1"})


def test_previews_are_limited_per_account_and_the_refusal_keeps_the_form(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_preview": [(3, 60)]}
    author = UserFactory()
    client.force_login(author)
    create, post = reverse("post_create"), PostFactory(author=author)
    edit = reverse("post_edit", args=[post.slug])
    for url in (create, edit, create):
        assert _preview(client, url).status_code == 200
    response = _preview(client, edit, title="Still typing", body="The *fourth* look")
    _assert_retry_after(response, at_most=60)
    html = response.content.decode()
    assert "You are previewing faster than we allow" in html
    assert 'value="Still typing"' in html and "The *fourth* look</textarea>" in html
    assert f'action="{edit}"' in html
    assert '<button type="submit" name="preview" value="1">Preview</button>' in html
    post.refresh_from_db()
    assert post.title != "Still typing"

    # Saving is not held back, nor is another author.
    saved = client.post(create, {"title": "Saved", "body": "Body", "status": "draft"})
    assert saved.status_code == 302
    client.force_login(UserFactory())
    assert _preview(client, create).status_code == 200

    client.force_login(author)
    _windows_end()
    assert _preview(client, create).status_code == 200


def test_an_invalid_preview_counts_as_its_body_is_rendered_to_check_it(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_preview": [(1, 60)]}
    client.force_login(UserFactory())
    assert _preview(client, reverse("post_create"), title=" ").status_code == 200
    assert _preview(client, reverse("post_create")).status_code == 429


def test_saves_are_limited_per_account_and_the_refusal_keeps_the_form(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_save": [(2, 60)]}
    author = UserFactory()
    client.force_login(author)
    create, post = reverse("post_create"), PostFactory(author=author, title="As it was")
    edit = reverse("post_edit", args=[post.slug])
    assert client.post(create, post_form(title="First")).status_code == 302
    assert client.post(edit, post_form(title="Second")).status_code == 302
    response = client.post(
        edit, post_form(title="Third", body="Still *typing*", tags="ink, paper", status="draft")
    )
    _assert_retry_after(response, at_most=60)
    html = response.content.decode()
    assert "You are saving faster than we allow" in html
    assert "Your post was not saved." in html
    assert 'value="Third"' in html and "Still *typing*</textarea>" in html
    assert 'value="ink, paper"' in html
    assert '<option value="draft" selected>' in html
    assert f'action="{edit}"' in html and 'enctype="multipart/form-data"' in html
    assert '<button type="submit">Save</button>' in html
    post.refresh_from_db()
    assert post.title == "Second"
    assert not Post.objects.filter(title="Third").exists()

    # Previews are counted apart, and another author has their own allowance.
    assert client.post(edit, {**post_form(), "preview": "1"}).status_code == 200
    client.force_login(UserFactory())
    assert client.post(create, post_form(title="Someone else's")).status_code == 302

    client.force_login(author)
    _windows_end()
    assert client.post(edit, post_form(title="Third")).status_code == 302


def test_an_invalid_save_counts_as_its_body_is_rendered_to_check_it(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post_save": [(1, 60)]}
    client.force_login(UserFactory())
    assert client.post(reverse("post_create"), post_form(title=" ")).status_code == 200
    assert client.post(reverse("post_create"), post_form()).status_code == 429

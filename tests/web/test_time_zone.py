"""Publication times are entered and shown in the site's time zone (TIME_ZONE), stored in UTC."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from apps.blog.models import Post
from tests.factories import PostFactory
from tests.web.helpers import form_values, post_form

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

PARIS = override_settings(TIME_ZONE="Europe/Paris")
# A winter time far ahead: scheduled, and Paris is UTC+1 then.
SCHEDULED_UTC = datetime(2040, 1, 15, 9, 0, tzinfo=UTC)


@PARIS
def test_a_time_entered_is_read_in_the_site_time_zone(client, author):
    response = client.post(
        reverse("post_create"),
        post_form(title="Local time", published_at="2040-01-15T10:00"),
    )
    assert response.status_code == 302
    assert Post.objects.get(title="Local time").published_at == SCHEDULED_UTC


@PARIS
def test_the_form_names_the_zone_and_shows_the_local_time(client, author):
    post = PostFactory(author=author, published_at=SCHEDULED_UTC)
    html = client.get(reverse("post_edit", args=[post.slug])).content.decode()
    assert "Publication time (Europe/Paris)" in html
    assert form_values(html)["published_at"] == "2040-01-15T10:00"


@PARIS
def test_pages_show_times_in_the_site_time_zone(client, author):
    post = PostFactory(author=author, published_at=SCHEDULED_UTC)
    detail = client.get(post.get_absolute_url()).content.decode()
    assert "Scheduled for 15 Jan 2040, 10:00 CET" in detail
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "15 Jan 2040, 10:00" in dashboard


@PARIS
def test_the_date_shown_is_the_local_one(client):
    post = PostFactory(published_at=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    assert "1 January 2025" in client.get(post.get_absolute_url()).content.decode()


@PARIS
def test_editing_in_another_zone_keeps_the_time_exact(client, author):
    published_at = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    post = PostFactory(author=author, published_at=published_at)
    edit_url = reverse("post_edit", args=[post.slug])
    submitted = form_values(client.get(edit_url).content.decode())
    assert submitted["published_at"] == "2025-03-04T06:06"
    assert client.post(edit_url, {**submitted, "body": "Edited."}).status_code == 302
    post.refresh_from_db()
    assert (post.body, post.published_at) == ("Edited.", published_at)


@PARIS
def test_a_local_time_that_does_not_exist_is_refused(client, author):
    # Clocks in Paris went from 02:00 to 03:00 on 30 March 2025.
    response = client.post(
        reverse("post_create"), post_form(title="In the gap", published_at="2025-03-30T02:30")
    )
    assert response.status_code == 200
    assert "Europe/Paris" in response.content.decode()
    assert not Post.objects.filter(title="In the gap").exists()


def test_the_default_zone_is_utc(client, author):
    html = client.get(reverse("post_create")).content.decode()
    assert "Publication time (UTC)" in html

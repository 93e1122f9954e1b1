"""Feeds, mail and the sign-up greeting name the site by the title staff set in the site
settings, as every page's <title> does (test_site_title.py), never by a name written in code."""

import html
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model

from apps.blog.models import SiteSettings
from tests.admin_helpers import admin_url
from tests.factories import CommentFactory, PostFactory, TagFactory, UserFactory
from tests.web.test_accounts import SIGNUP

pytestmark = [
    pytest.mark.django_db(databases=["default", "blog_db"]),
    pytest.mark.usefixtures("fresh_rate_limit_window"),
]

# An ampersand: a subject or a feed title must show it as typed, not escaped twice.
SITE_TITLE = "Ink & Paper"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def titled():
    SiteSettings(title=SITE_TITLE).save(using="blog_db")


def feed_title(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content).findtext(f"{ATOM}title")


def test_feed_titles_name_the_site_by_its_title(client, titled):
    post = PostFactory(author=UserFactory(username="penna", display_name="Penna"))
    post.tags.add(TagFactory(name="quills"))
    assert feed_title(client, "/feed/") == SITE_TITLE
    assert feed_title(client, "/authors/penna/feed/") == f"Penna on {SITE_TITLE}"
    assert feed_title(client, "/tags/quills/feed/") == f"Posts tagged “quills” on {SITE_TITLE}"


def test_a_new_title_reaches_the_feed(client, titled):
    PostFactory()
    assert feed_title(client, "/feed/") == SITE_TITLE
    settings_row = SiteSettings.objects.get()
    settings_row.title = "Vellum"
    settings_row.save()
    assert feed_title(client, "/feed/") == "Vellum"


def test_password_reset_mail_names_the_site(client, titled, mailoutbox):
    UserFactory(email="reader@example.com")
    client.post("/accounts/password_reset/", {"email": "reader@example.com"})
    [mail] = mailoutbox
    assert mail.subject == f"Reset your {SITE_TITLE} password"
    assert f"password of your {SITE_TITLE} account" in mail.body


def test_invitation_mail_names_the_site(admin_client, titled, mailoutbox):
    invited = UserFactory(username="invitee", email="invitee@example.com")
    admin_client.post(
        admin_url(get_user_model(), "changelist"),
        {"action": "invite", "_selected_action": [invited.pk]},
    )
    [mail] = mailoutbox
    assert mail.subject == f"You are invited to write on {SITE_TITLE}"
    assert f"An account on {SITE_TITLE} has been created" in mail.body


def test_reply_mail_names_the_site(client, titled, mailoutbox, django_capture_on_commit_callbacks):
    post = PostFactory(title="On quires", author=UserFactory(email="writer@example.com"))
    parent = CommentFactory(post=post)
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(using="blog_db", execute=True):
        client.post(post.get_absolute_url(), {"body": "Well said", "parent": str(parent.pk)})
    mail = next(mail for mail in mailoutbox if mail.to == ["writer@example.com"])
    assert mail.subject == f"New reply on “On quires” · {SITE_TITLE}"
    assert f"your profile on {SITE_TITLE}" in mail.body


def test_the_sign_up_greeting_names_the_site(client, titled):
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert f"Welcome to {SITE_TITLE}, {SIGNUP['username']}!" in html.unescape(
        response.content.decode()
    )

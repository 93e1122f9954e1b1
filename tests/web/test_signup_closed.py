"""SIGNUP_OPEN=false: public sign-up is closed; staff create accounts and invite people."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.admin_helpers import admin_url
from tests.factories import UserFactory
from tests.web.test_accounts import SIGNUP

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])

User = get_user_model()


@pytest.fixture
def signup_closed(settings):
    settings.SIGNUP_OPEN = False


def test_closed_signup_page_says_so_with_403(client, signup_closed):
    response = client.get(reverse("signup"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sign-up is closed" in html
    assert 'name="password1"' not in html


def test_closed_signup_refuses_a_submission_and_creates_no_account(client, signup_closed):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("page", ["home", "login"])
def test_no_signup_link_anywhere_while_closed(client, settings, page):
    signup = reverse("signup")
    assert f'href="{signup}"' in client.get(reverse(page)).content.decode()
    settings.SIGNUP_OPEN = False
    assert f'href="{signup}"' not in client.get(reverse(page)).content.decode()


def test_staff_invitation_mails_a_working_link_to_choose_a_password(
    admin_client, client, mailoutbox
):
    invited = UserFactory(username="invitee", email="invitee@example.com")
    invited.set_unusable_password()
    invited.save()
    without_address = UserFactory(username="nomail", email="")
    response = admin_client.post(
        admin_url(User, "changelist"),
        {"action": "invite", "_selected_action": [invited.pk, without_address.pk]},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Invitations sent: 1." in html
    assert "Not sent (inactive or no e-mail address): 1." in html
    assert [mail.to for mail in mailoutbox] == [["invitee@example.com"]]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    chosen = "an-invited-writers-passphrase-7"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": chosen, "new_password2": chosen},
    )
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(chosen)

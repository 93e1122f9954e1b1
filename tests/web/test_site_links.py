"""The links on every page's header and footer (config/web/site_urls.py)."""

import pytest
from django.urls import reverse, set_script_prefix

from config.web.site_urls import current_site_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def test_header_and_footer_link_to_the_site_for_anonymous_readers(client):
    html = client.get("/").content.decode()
    for link in (
        'href="/static/css/site',
        'class="brand" href="/"',
        'action="/search/"',
        'href="/accounts/login/"',
        'href="/accounts/signup/"',
        'href="/feed/"',
        'href="/sitemap.xml"',
    ):
        assert link in html


def test_the_footer_speaks_to_readers_not_about_the_stack(client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "database" not in footer
    assert "Follow new posts" in footer


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == current_site_urls()["icon"]
    assert response["Location"].endswith(".svg")
    assert "max-age=86400" in response["Cache-Control"]


def test_header_links_a_signed_in_writer_to_their_pages(client):
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("dashboard")}" aria-current="page">Dashboard' in html
    assert f'href="{reverse("post_create")}">Write' in html
    assert f'href="{reverse("profile_edit")}">Profile' in html
    assert f'action="{reverse("logout")}"' in html


def test_site_links_follow_the_script_prefix_the_site_is_mounted_under(client):
    assert 'class="brand" href="/"' in client.get("/").content.decode()
    set_script_prefix("/blog/")  # what gunicorn's WSGI handler does for SCRIPT_NAME=/blog
    try:
        mounted = client.get("/").content.decode()
    finally:
        set_script_prefix("/")
    assert 'class="brand" href="/blog/"' in mounted
    assert 'href="/blog/sitemap.xml"' in mounted
    assert 'class="brand" href="/"' in client.get("/").content.decode()

"""Static pages at /pages/<slug>/ and the site settings (title, description, footer text), both
managed in the admin and kept in `blog_db` with the rest of the content."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.test.utils import CaptureQueriesContext

from apps.blog.caching.fragments import post_public_kept
from apps.blog.caching.pages import CACHE_STATUS_HEADER
from apps.blog.models import Page, SiteSettings
from apps.blog.site_content import SITE_DEFAULTS
from tests.admin_helpers import admin_url, count_queries
from tests.factories import PostFactory, UserFactory
from tests.web.helpers import staff_with

pytestmark = pytest.mark.django_db(databases=["default", "blog_db"])


def page_create(title="About", *, body="We write.", published=True, nav_order=None) -> Page:
    status = Page.Status.PUBLISHED if published else Page.Status.DRAFT
    page = Page(title=title, body=body, status=status, nav_order=nav_order)
    page.save(using="blog_db")
    return page


def settings_save(**fields) -> SiteSettings:
    row = SiteSettings(**fields)
    row.save(using="blog_db")
    return row


def test_a_published_page_shows_its_markdown_as_sanitised_html(client):
    page = page_create(body="# Who\n\nWe *write*.\n\n<script>alert(1)</script>")
    assert page.slug == "about"
    response = client.get("/pages/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="post-title">About</h1>' in html
    assert "<h2>Who</h2>" in html  # under the page's own h1, as in posts
    assert "<em>write</em>" in html
    assert "<script>" not in html


def test_unknown_and_draft_pages_are_404_for_readers(client):
    page_create("Contact", published=False)
    assert client.get("/pages/nothing-here/").status_code == 404
    assert client.get("/pages/contact/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/pages/contact/").status_code == 404


def test_drafts_show_to_staff_who_may_view_pages_only(client):
    page_create("Contact", published=False)
    client.force_login(staff_with("view_post"))
    assert client.get("/pages/contact/").status_code == 404
    client.force_login(staff_with("view_page"))
    response = client.get("/pages/contact/")
    assert response.status_code == 200
    assert b"Draft: only staff can see it" in response.content
    assert b'<meta name="robots" content="noindex">' in response.content


def test_page_title_and_body_are_validated_as_posts_are():
    page = Page(title="Ab\u200bout", body="x\x07", status=Page.Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert set(error.value.message_dict) == {"title", "body"}


def test_without_a_settings_row_the_defaults_show(client):
    html = client.get("/").content.decode()
    assert f'<a class="brand" href="/">{SITE_DEFAULTS.title}</a>' in html
    assert f"<p>{SITE_DEFAULTS.footer_text}</p>" in html
    assert f'<meta name="description" content="{SITE_DEFAULTS.description}">' in html


def test_edited_settings_replace_title_description_and_footer(client):
    settings_save(title="Ink & Paper", description="Essays.", footer_text="Made by hand.")
    html = client.get("/accounts/login/").content.decode()
    assert '<a class="brand" href="/">Ink &amp; Paper</a>' in html
    assert '<meta property="og:site_name" content="Ink &amp; Paper">' in html
    assert '<meta name="description" content="Essays.">' in html
    assert "<p>Made by hand.</p>" in html
    assert "Quire: writing worth reading" not in html


def test_there_is_one_settings_row_at_most():
    settings_save()
    with pytest.raises(IntegrityError), transaction.atomic(using="blog_db"):
        SiteSettings.objects.create(id=2)


def test_navigation_lists_published_pages_with_an_order_in_that_order(client):
    page_create("Contact", nav_order=2)
    page_create("About", nav_order=1)
    page_create("Colophon")  # published, not in the navigation
    page_create("Secret", published=False, nav_order=3)
    html = client.get("/").content.decode()
    about, contact = html.find('href="/pages/about/"'), html.find('href="/pages/contact/"')
    assert 0 < about < contact
    assert "/pages/colophon/" not in html and "/pages/secret/" not in html
    page_html = client.get("/pages/about/").content.decode()
    assert '<a href="/pages/about/" aria-current="page">About</a>' in page_html


def test_navigation_is_shown_with_the_site_settings_and_without_them(client):
    page_create("Contact", nav_order=1)
    page_create("About", nav_order=1)  # the same place: by title
    html = client.get("/").content.decode()
    assert f"<title>{SITE_DEFAULTS.title}</title>" in html
    assert 0 < html.find(">About</a>") < html.find(">Contact</a>")
    settings_save(title="Our site", footer_text="Footer words")
    html = client.get("/").content.decode()
    assert "<title>Our site</title>" in html and "Footer words" in html
    assert 0 < html.find(">About</a>") < html.find(">Contact</a>")


@pytest.mark.parametrize("nav_pages", [1, 6])
def test_site_content_costs_constant_blog_queries_once_per_content_version(
    client, content_cache, nav_pages
):
    settings_save(title="Counted")
    for number in range(nav_pages):
        page_create(f"Page {number}", nav_order=number)
    # The log-in page reads nothing else from blog_db: what it runs there is the site content.
    first = count_queries(lambda: client.get("/accounts/login/"))
    second = count_queries(lambda: client.get("/accounts/login/"))
    # The version's lifetime (next scheduled post), then the settings row and the navigation in
    # one statement.
    assert first["blog_db"] == 2
    assert second["blog_db"] == 0
    assert b"Counted" in client.get("/accounts/login/").content


def test_the_post_page_shows_the_site_content_read_with_its_post(client, content_cache):
    row = settings_save(title="Ink & Paper", description="Essays.", footer_text="Made by hand.")
    page_create("Contact", nav_order=2)
    page_create("About", nav_order=1)
    page_create("Secret", published=False, nav_order=3)
    url = PostFactory().get_absolute_url()
    with CaptureQueriesContext(connections["blog_db"]) as blog_db:
        html = client.get(url).content.decode()
    # One statement reads the site content, and it is the post's.
    reads = [query["sql"] for query in blog_db if "blog_sitesettings" in query["sql"]]
    assert len(reads) == 1 and '"blog_post"."slug"' in reads[0]
    assert '<a class="brand" href="/">Ink &amp; Paper</a>' in html
    assert '<meta property="og:site_name" content="Ink &amp; Paper">' in html
    assert "<p>Made by hand.</p>" in html
    assert 0 < html.find('href="/pages/about/"') < html.find('href="/pages/contact/"')
    assert "/pages/secret/" not in html
    row.title = "Renamed"
    row.save(using="blog_db")
    assert '<a class="brand" href="/">Renamed</a>' in client.get(url).content.decode()


def test_what_is_kept_of_a_post_leaves_out_the_site_content_read_with_it(client, content_cache):
    url = PostFactory().get_absolute_url()
    response = client.get(url)
    post = response.context["post"]
    assert post.site_content_rows == (None, [])  # no settings row, no navigation
    assert not hasattr(post_public_kept(post), "site_content_rows")


def test_page_and_settings_changes_show_on_the_next_request(client, page_cache):
    page = page_create(body="First words.", nav_order=1)
    assert client.get("/pages/about/")[CACHE_STATUS_HEADER] == "miss"
    assert client.get("/pages/about/")[CACHE_STATUS_HEADER] == "hit"
    page.body = "Second words."
    page.save()
    response = client.get("/pages/about/")
    assert b"Second words." in response.content and b"First words." not in response.content
    settings_save(title="Renamed")
    assert b'<a class="brand" href="/">Renamed</a>' in client.get("/pages/about/").content
    page.status = Page.Status.DRAFT
    page.save()
    assert client.get("/pages/about/").status_code == 404
    assert b"/pages/about/" not in client.get("/").content


def test_sitemap_lists_published_pages_only(client):
    page_create("About")
    page_create("Contact", published=False)
    content = client.get("/sitemap.xml").content
    assert b"/pages/about/</loc>" in content
    assert b"/pages/contact/" not in content


def test_page_has_no_inline_code_and_a_strict_csp(client):
    page_create()
    response = client.get("/pages/about/")
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script" not in html and "<style" not in html and " style=" not in html


def test_staff_add_a_page_and_edit_the_settings_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        admin_url(Page, "add"),
        {"title": "About us", "slug": "", "status": "published", "nav_order": "1", "body": "Hi"},
    )
    assert response.status_code == 302
    assert Page.objects.get().slug == "about-us"
    changelist = client.get(admin_url(Page, "changelist") + "?q=about")
    assert changelist.status_code == 200 and b"About us" in changelist.content

    assert client.get(admin_url(SiteSettings, "add")).status_code == 200
    response = client.post(
        admin_url(SiteSettings, "add"),
        {"title": "Ink", "description": "Essays.", "footer_text": "By hand."},
    )
    assert response.status_code == 302
    assert SiteSettings.objects.get().title == "Ink"
    assert client.get(admin_url(SiteSettings, "add")).status_code == 403
    assert client.get(admin_url(SiteSettings, "delete", 1)).status_code == 403
    assert b"Ink" in client.get("/").content


def test_settings_refuse_invisible_characters_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        admin_url(SiteSettings, "add"),
        {"title": "In\u200bk", "description": "Essays.", "footer_text": "By hand."},
    )
    assert response.status_code == 200
    assert not SiteSettings.objects.exists()

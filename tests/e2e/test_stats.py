"""An author sees how a post is read: the dashboard's Statistics link, the counts once the views
are written (within ANALYTICS_FLUSH_SECONDS), the chart, the CSV, on a desktop and a phone,
without a serious accessibility violation."""

import csv
import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import PostInput, document_width, log_in, sign_up, unique, write_post
from tests.e2e.test_accessibility import axe_context, violations_here

READER_VIEWS = 3
WRITE_BEHIND_SECONDS = 30  # the default ANALYTICS_FLUSH_SECONDS (10) with room for a busy machine
# Headless Chromium says so in its User-Agent, and is not counted (a crawler); a reader's browser.
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36"
)


def as_a_browser(context):
    context.set_extra_http_headers({"User-Agent": BROWSER})
    return context


def reload_until(page, row, text: str) -> None:
    """Views are written behind the requests: reload until the row shows them."""
    deadline = time.monotonic() + WRITE_BEHIND_SECONDS
    while not re.search(text, row.inner_text()):
        assert time.monotonic() < deadline, f"still {row.inner_text()!r}"
        time.sleep(1)
        page.reload()


def test_an_author_follows_a_posts_views_on_the_statistics_page(
    new_context, browser_errors, screenshot, tmp_path
):
    # The author's browser keeps headless Chromium's User-Agent: their own readings are a bot's.
    author = axe_context(new_context).new_page()
    username = unique("counted")
    sign_up(author, username)
    title = f"Counted {unique('')}"
    post_path = write_post(author, PostInput(title=title, body="Read me, *please*."))

    reader = as_a_browser(new_context()).new_page()
    for _ in range(READER_VIEWS):
        assert reader.goto(post_path).status == 200

    author.goto("/dashboard/")
    author.get_by_role("link", name="Statistics", exact=True).click()
    expect(author).to_have_url(re.compile(r"/dashboard/stats/$"))
    expect(author.get_by_role("heading", level=1)).to_have_text("Your statistics")
    row = author.get_by_role("row").filter(has_text=title)
    views = READER_VIEWS  # by one visitor
    reload_until(author, row, rf"^{re.escape(title)}\s+{views}\s+1\s+{views}\s+1$")
    chart = author.get_by_role("img", name="Views per day, last 30 days")
    expect(chart).to_be_visible()
    expect(author.locator(".chart-bars rect")).to_have_count(1)
    screenshot(author, "stats")
    found = violations_here(author)

    with author.expect_download() as download:
        author.get_by_role("link", name="Download CSV").click()
    saved = tmp_path / "stats.csv"
    download.value.save_as(saved)
    with saved.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["slug", "title", "views", "visitors"]
    assert [post_path.strip("/").split("/")[-1], title, str(views), "1"] in rows[1:]

    phone = axe_context(new_context, phone=True).new_page()
    log_in(phone, username)
    phone.goto("/dashboard/stats/")
    expect(phone.get_by_role("img", name="Views per day, last 30 days")).to_be_visible()
    assert document_width(phone) <= PHONE_WIDTH
    screenshot(phone, "stats-phone")
    found += violations_here(phone)
    assert found == [], "\n".join(found)
    assert not browser_errors.unexpected()


def test_anonymous_visitors_are_asked_to_log_in(page):
    page.goto("/dashboard/stats/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/stats/$"))

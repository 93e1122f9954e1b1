"""Steps people take on the site, shared by the browser tests. Fields are found by their labels."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

PASSWORD = "a-long-and-unusual-passphrase"


def unique(prefix: str) -> str:
    """A name no other test (or earlier run on the same server) uses."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def field(page: Page, label: str):
    """The form control labelled `label` (Django renders "Label:"; the colon is optional)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def sign_up(page: Page, username: str) -> None:
    page.goto("/accounts/signup/")
    field(page, "Username").fill(username)
    field(page, "Email").fill(f"{username}@example.com")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    field(page, "Username").fill(username)
    field(page, "Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


@dataclass
class PostInput:
    title: str
    body: str
    tags: str = ""
    status: str = "published"
    published_at: str = ""  # "YYYY-MM-DDTHH:MM" (UTC); empty publishes now
    cover_image: Path | None = None


def fill_post_form(page: Page, post: PostInput) -> None:
    field(page, "Title").fill(post.title)
    field(page, "Body").fill(post.body)
    field(page, "Tags").fill(post.tags)
    field(page, "Status").select_option(post.status)
    field(page, "Publication time (UTC)").fill(post.published_at)
    if post.cover_image:
        field(page, "Cover image").set_input_files(post.cover_image)


def write_post(page: Page, post: PostInput) -> str:
    """Write a post through the form; return its path (the form lands on the post's page)."""
    page.goto("/posts/new/")
    fill_post_form(page, post)
    page.get_by_role("button", name="Save post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    return urlsplit(page.url).path


def photo_upload(page: Page, photo: Path) -> None:
    """Give the signed-in person a photo through their profile form."""
    page.goto("/accounts/profile/")
    field(page, "Photo").set_input_files(photo)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()


def search(page: Page, words: str) -> None:
    """Search from the box in the site header, as a reader would."""
    page.get_by_role("searchbox", name="Search posts").fill(words)
    page.get_by_role("banner").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))


def images_loaded(page: Page) -> list[str]:
    """Scroll through the page so lazy images load; the URLs of those that did not (none: all
    shown)."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "Array.from(document.images).every((image) => image.complete)", timeout=10_000
    )
    page.evaluate("window.scrollTo(0, 0)")
    return page.evaluate(
        "Array.from(document.images).filter((image) => !image.naturalWidth)"
        ".map((image) => image.currentSrc || image.src)"
    )


# The sum of the page's layout shifts so far (0 when nothing moved), as Chromium measures them.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def layout_shift(page: Page) -> float:
    return page.evaluate(LAYOUT_SHIFT)


def document_width(page: Page) -> int:
    """The document's width in CSS pixels; wider than the viewport means sideways scrolling."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")

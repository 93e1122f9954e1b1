"""Writing in the browser: the preview (with and without scripts), the copy of the form kept in
the browser, and the warning before leaving unsaved changes (docs/writing.md)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import (
    PASSWORD,
    PostInput,
    document_width,
    field,
    fill_post_form,
    sign_up,
    unique,
)
from tests.e2e.test_accessibility import axe_context, violations_here

BODY = "## A section\n\nThis is *rendered* before it is saved.\n\n```python\nprint('hi')\n```\n"
OFFER_TEXT = "This browser kept a copy of this form"


def preview_region(page: Page):
    return page.get_by_role("region", name="Preview, not saved yet")


def draft_offer(page: Page):
    return page.get_by_role("status").filter(has_text=OFFER_TEXT)


def wait_until_kept(page: Page, text: str) -> None:
    """Until the browser's copy of the form holds `text` (it is written shortly after typing)."""
    page.wait_for_function(
        """(text) => Object.keys(localStorage).some((key) =>
             key.startsWith("quire:draft:") && localStorage.getItem(key).includes(text))""",
        arg=text,
    )


def kept_copies(page: Page) -> list[str]:
    return page.evaluate(
        """() => Object.keys(localStorage).filter((key) => key.startsWith("quire:draft:"))"""
    )


def record_dialogs(page: Page, *, leave: bool) -> list[str]:
    """The types of the dialogs the page opens; each is answered "leave" or "stay"."""
    seen: list[str] = []

    def answer(dialog) -> None:
        seen.append(dialog.type)
        dialog.accept() if leave else dialog.dismiss()

    page.on("dialog", answer)
    return seen


def dialogs_seen(page: Page, dialogs: list[str], count: int) -> list[str]:
    """`dialogs` once it holds `count` entries (a dialog is reported as the page opens it)."""
    for _ in range(100):
        if len(dialogs) >= count:
            break
        page.wait_for_timeout(50)
    return dialogs


def test_preview_without_javascript_saves_nothing_until_saved(new_context):
    context = new_context(javascript=False)
    page = context.new_page()
    sign_up(page, unique("nojs"))
    page.goto("/posts/new/")
    title = f"Previewed without scripts {unique('')}"
    fill_post_form(page, PostInput(title=title, body=BODY, tags="preview"))
    page.get_by_role("button", name="Preview").click()

    expect(page).to_have_url(re.compile(r"/posts/new/#preview$"))
    preview = preview_region(page)
    expect(preview.get_by_role("heading", name=title)).to_be_visible()
    expect(preview.get_by_role("heading", name="A section")).to_be_visible()
    expect(preview.locator("em", has_text="rendered")).to_be_visible()
    expect(field(page, "Title")).to_have_value(title)
    expect(page.get_by_text(OFFER_TEXT)).to_be_hidden()
    dashboard = context.new_page()
    dashboard.goto("/dashboard/")
    expect(dashboard.get_by_role("main")).not_to_contain_text(title)

    page.get_by_role("button", name="Save post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_url(re.compile(r"/posts/[^/]+/$"))
    expect(page.get_by_role("article").locator("em", has_text="rendered")).to_be_visible()
    dashboard.reload()
    expect(dashboard.get_by_role("link", name=title, exact=True)).to_have_count(1)


def test_preview_with_javascript_and_the_warning_before_leaving(page):
    dialogs = record_dialogs(page, leave=False)
    sign_up(page, unique("warned"))
    page.goto("/posts/new/")
    page.get_by_role("link", name="Dashboard").click()  # nothing typed: nothing to ask
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.goto("/posts/new/")
    title = f"Previewed with scripts {unique('')}"
    fill_post_form(page, PostInput(title=title, body=BODY))
    page.get_by_role("link", name="Dashboard").click()
    assert dialogs_seen(page, dialogs, 1) == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/posts/new/$"))  # the author chose to stay

    page.get_by_role("button", name="Preview").click()  # a submission: no question
    expect(preview_region(page).locator("em", has_text="rendered")).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()  # the previewed text is not saved yet
    assert dialogs_seen(page, dialogs, 2) == ["beforeunload", "beforeunload"]
    expect(page).to_have_url(re.compile(r"/posts/new/#preview$"))

    page.get_by_role("button", name="Save post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    post_path = page.url
    page.goto(f"{post_path}edit/")
    page.get_by_role("link", name="Dashboard").click()  # saved, unchanged: nothing to ask
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    assert dialogs == ["beforeunload", "beforeunload"]


def test_the_copy_kept_in_the_browser_comes_back_after_a_reload(page):
    record_dialogs(page, leave=True)
    sign_up(page, unique("keeper"))
    page.goto("/posts/new/")
    typed = PostInput(
        title=f"Kept {unique('')}",
        body="Typed, then the tab went away.",
        tags="kept",
        status="draft",
    )
    fill_post_form(page, typed)
    wait_until_kept(page, typed.body)
    page.reload()

    expect(draft_offer(page)).to_be_visible()
    expect(field(page, "Title")).to_have_value("")
    draft_offer(page).get_by_role("button", name="Restore the copy").click()
    expect(draft_offer(page)).to_be_hidden()
    expect(field(page, "Title")).to_have_value(typed.title)
    expect(field(page, "Title")).to_be_focused()
    expect(field(page, "Body")).to_have_value(typed.body)
    expect(field(page, "Tags")).to_have_value(typed.tags)
    expect(field(page, "Status")).to_have_value("draft")

    page.get_by_role("button", name="Save post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(typed.title)
    page.goto("/posts/new/")  # the save went through: the copy is gone
    expect(field(page, "Title")).to_have_value("")
    expect(draft_offer(page)).to_be_hidden()
    assert kept_copies(page) == []


def test_a_copy_can_be_discarded(page):
    record_dialogs(page, leave=True)
    sign_up(page, unique("discarder"))
    page.goto("/posts/new/")
    field(page, "Title").fill("Not wanted")
    wait_until_kept(page, "Not wanted")
    page.reload()
    draft_offer(page).get_by_role("button", name="Discard it").click()
    expect(draft_offer(page)).to_be_hidden()
    assert kept_copies(page) == []
    page.reload()
    expect(draft_offer(page)).to_be_hidden()


def test_the_copy_survives_a_save_refused_by_an_expired_session(new_context):
    context = new_context()
    page = context.new_page()
    username = unique("expired")
    sign_up(page, username)
    page.goto("/posts/new/")
    typed = PostInput(title=f"Written while signed out {unique('')}", body="Long *work*.")
    fill_post_form(page, typed)
    wait_until_kept(page, typed.title)
    # The session ends while the author writes (expired, or signed out in another tab).
    context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Save post").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/posts/new/$"))
    field(page, "Username").fill(username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/posts/new/$"))
    draft_offer(page).get_by_role("button", name="Restore the copy").click()
    page.get_by_role("button", name="Save post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(typed.title)


def test_preview_and_the_offer_are_accessible_and_fit_a_phone(new_context, screenshot):
    page = axe_context(new_context, phone=True).new_page()
    record_dialogs(page, leave=True)
    sign_up(page, unique("pocket"))
    page.goto("/posts/new/")
    fill_post_form(
        page,
        PostInput(
            title=f"Supercalifragilistic{'x' * 40} {unique('')}",
            body=f"{BODY}\nhttps://example.com/{'long-segment/' * 12}\n\n"
            + "Pneumonoultramicroscopic" * 4,
            tags="a-rather-long-tag-name, another-long-tag-name, phone",
            published_at="2999-01-02T03:04",
        ),
    )
    page.get_by_role("button", name="Preview").click()
    expect(preview_region(page)).to_contain_text("Scheduled for 2 Jan 2999")
    found = violations_here(page)
    assert document_width(page) <= PHONE_WIDTH
    screenshot(page, "post-preview-phone")

    page.goto("/posts/new/")  # left unsaved: the form opens empty, with the copy on offer
    expect(draft_offer(page)).to_be_visible()
    found += violations_here(page)
    assert document_width(page) <= PHONE_WIDTH
    screenshot(page, "post-form-kept-copy-phone")
    assert found == []

"""Comment moderation in the browser: a newcomer's first comment waits for the post author's
approval, seen meanwhile by its writer alone."""

import os
import re

import pytest
from playwright.sync_api import expect

from support.gunicorn_process import GunicornProcess
from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import PostInput, document_width, field, log_in, sign_up, unique, write_post
from tests.e2e.test_accessibility import axe_context, violations_here


@pytest.fixture(scope="module")
def moderated_site(site_server, tmp_path_factory):
    """A second gunicorn on the same databases, holding each account's comments until one of
    them is approved."""
    environ = {
        **os.environ,
        **site_server.environ,
        "COMMENT_MODERATION": "first",
        "GUNICORN_WORKERS": "1",
    }
    server = GunicornProcess(environ, tmp_path_factory.mktemp("moderated") / "gunicorn.log")
    server.start()
    yield server
    server.stop(timeout=20)


def post_comment(page, text: str) -> None:
    field(page, "Your comment").fill(text)
    page.get_by_role("button", name="Post comment").click()


def test_a_first_comment_waits_for_the_authors_approval(new_context, moderated_site, screenshot):
    site = moderated_site.url
    author = axe_context(new_context, base_url=site).new_page()
    author_name = unique("host")
    sign_up(author, author_name)
    title = f"Moderated thread {unique('')}"
    path = write_post(author, PostInput(title=title, body="Say something kind."))

    reader = axe_context(new_context, base_url=site).new_page()
    reader_name = unique("newcomer")
    sign_up(reader, reader_name)
    reader.goto(path)
    comment = f"My very first words {unique('')}"
    post_comment(reader, comment)
    expect(reader.get_by_role("status")).to_contain_text("Your comment is awaiting approval")
    held = reader.get_by_role("group", name="Your comments awaiting approval")
    expect(held.get_by_role("article").filter(has_text=comment)).to_contain_text(
        "Awaiting approval"
    )
    expect(reader.get_by_role("heading", name="0 comments")).to_be_visible()
    found = violations_here(reader)
    screenshot(reader, "comment-awaiting-approval")

    stranger = new_context(base_url=site).new_page()
    stranger.goto(path)
    expect(stranger.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(stranger.get_by_text(comment)).to_have_count(0)

    author.goto("/dashboard/")
    author.get_by_role("link", name="1 comment awaiting your approval").click()
    expect(author).to_have_url(re.compile(r"/dashboard/comments/$"))
    queued = author.get_by_role("article").filter(has_text=comment)
    expect(queued.get_by_role("link", name=title)).to_be_visible()
    found += violations_here(author)
    screenshot(author, "comment-queue")
    phone = new_context(phone=True, base_url=site).new_page()
    log_in(phone, author_name)
    phone.goto("/dashboard/comments/")
    expect(phone.get_by_text(comment)).to_be_visible()
    assert document_width(phone) <= PHONE_WIDTH

    queued.get_by_role("button", name=f"Approve the comment by {reader_name}").click()
    expect(author.get_by_role("status")).to_contain_text("Comment approved")
    expect(author.get_by_text("No comment is awaiting approval.")).to_be_visible()

    stranger.reload()
    expect(stranger.get_by_role("heading", name="1 comment")).to_be_visible()
    expect(stranger.get_by_role("article").filter(has_text=comment)).to_be_visible()
    reader.reload()
    expect(reader.get_by_text("Awaiting approval")).to_have_count(0)

    # Approved once, the newcomer's next comment is public at once.
    again = f"And more {unique('')}"
    post_comment(reader, again)
    expect(reader.get_by_role("status")).to_contain_text("Your comment is up.")
    stranger.reload()
    expect(stranger.get_by_role("article").filter(has_text=again)).to_be_visible()
    assert found == [], "\n".join(found)

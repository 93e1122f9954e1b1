"""Readers in the browser: comments, what strangers may not do, and the site on a phone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import PostInput, document_width, field, sign_up, unique, write_post


def test_reader_comments_and_the_author_removes_the_comment(new_context, screenshot):
    author = new_context().new_page()
    sign_up(author, unique("host"))
    title = f"Open for comments {unique('')}"
    path = write_post(author, PostInput(title=title, body="Tell me what you think."))

    reader = new_context().new_page()
    reader_name = unique("reader")
    sign_up(reader, reader_name)
    reader.goto(path)
    comment = f"Thoughtful remark {unique('')}"
    field(reader, "Your comment").fill(comment)
    reader.get_by_role("button", name="Post comment").click()
    posted = reader.get_by_role("article").filter(has_text=comment)
    expect(posted).to_be_visible()
    expect(posted.get_by_role("link", name=reader_name, exact=True)).to_be_visible()
    screenshot(reader, "post-with-comment")

    author.goto(path)
    author.get_by_role("link", name=f"Reply to {reader_name}").click()
    expect(author.get_by_text("Replying to")).to_be_visible()
    answer = f"Thank you {unique('')}"
    field(author, "Your comment").fill(answer)
    author.get_by_role("button", name="Post comment").click()
    replies = author.get_by_role("group", name=f"Replies to {reader_name}")
    expect(replies.get_by_role("article").filter(has_text=answer)).to_be_visible()

    # Removing the comment removes the replies under it.
    author.get_by_role("article").filter(has_text=comment).get_by_role(
        "link", name=re.compile("^Remove")
    ).first.click()
    expect(author.get_by_text(comment)).to_be_visible()  # the confirmation quotes it
    author.get_by_role("button", name="Remove comment").click()
    expect(author).to_have_url(re.compile(re.escape(path) + "$"))
    expect(author.get_by_text(comment)).to_have_count(0)
    expect(author.get_by_text(answer)).to_have_count(0)

    reader.reload()
    expect(reader.get_by_text(comment)).to_have_count(0)


def test_stranger_cannot_reach_someone_elses_edit_page(new_context, browser_errors):
    author = new_context().new_page()
    sign_up(author, unique("owner"))
    title = f"Mine alone {unique('')}"
    path = write_post(author, PostInput(title=title, body="Only I may change this."))

    stranger = new_context().new_page()
    sign_up(stranger, unique("stranger"))
    browser_errors.expect(r"status of 40[34]")
    for action in ("edit", "delete"):
        response = stranger.goto(f"{path}{action}/")
        assert response.status in (403, 404), (action, response.status)
        expect(field(stranger, "Title")).to_have_count(0)
        expect(stranger.get_by_role("button", name=re.compile("Delete|Save"))).to_have_count(0)
    stranger.goto(path)
    expect(stranger.get_by_role("link", name="Edit", exact=True)).to_have_count(0)

    # Signed out, the edit page asks for a login instead.
    anonymous = new_context().new_page()
    anonymous.goto(f"{path}edit/")
    expect(anonymous).to_have_url(re.compile(r"/accounts/login/\?next="))

    # The author's page still shows the post unchanged.
    author.goto(path)
    expect(author.get_by_role("heading", level=1)).to_have_text(title)


def test_phone_width_never_scrolls_sideways(new_context, screenshot):
    phone = new_context(phone=True).new_page()
    username = unique("thumbs")
    phone.goto("/accounts/signup/")
    assert document_width(phone) <= PHONE_WIDTH
    sign_up(phone, username)
    tag = unique("mobile")
    # Long unbroken words, a long link and a wide code line: what usually pushes a page sideways.
    path = write_post(
        phone,
        PostInput(
            title=f"Supercalifragilisticexpialidocious{'x' * 40} {unique('')}",
            body=(
                "A link: https://example.com/" + "very-long-path-segment/" * 8 + "\n\n"
                "    SELECT * FROM blog_post WHERE author_id IN ("
                + ", ".join(map(str, range(60)))
                + ");\n\n"
                + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
            ),
            tags=tag,
        ),
    )
    # A second post with the tag: the first one lists it, long title and all, as related.
    write_post(
        phone,
        PostInput(title=f"Related{'y' * 60} {unique('')}", body="Short.", tags=tag),
    )
    pages = {
        "home": "/",
        "post": path,
        "author": f"/authors/{username}/",
        "tag": None,  # reached through the post's tag link below
        "tags": "/tags/",
        "search": "/search/?q=Pneumonoultramicroscopicsilicovolcanoconiosis",
        "dashboard": "/dashboard/",
        "post-new": "/posts/new/",
        "post-edit": f"{path}edit/",
        "profile": "/accounts/profile/",
    }
    widths = {}
    for name, url in pages.items():
        if url is None:
            phone.goto(path)
            phone.get_by_role("link", name=re.compile(rf"^#?{tag}$", re.IGNORECASE)).first.click()
            expect(phone).to_have_url(re.compile(r"/tags/[^/]+/$"))
        else:
            phone.goto(url)
        widths[name] = document_width(phone)
        screenshot(phone, f"phone-{name}")
    phone.get_by_role("button", name="Log out").click()
    phone.goto("/accounts/login/")
    widths["login"] = document_width(phone)
    screenshot(phone, "phone-login")

    too_wide = {name: width for name, width in widths.items() if width > PHONE_WIDTH}
    assert not too_wide, f"pages wider than {PHONE_WIDTH}px: {too_wide}"

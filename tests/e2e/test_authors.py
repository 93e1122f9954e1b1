"""Authors in the browser: sign up, the welcome draft, writing, publishing and scheduling."""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.e2e.journeys import PostInput, field, search, sign_up, unique, write_post

WELCOME_TITLE = "Welcome to Quire"


def test_newcomer_signs_up_and_publishes_the_welcome_draft(new_context, browser_errors, screenshot):
    page = new_context().new_page()
    page.goto("/accounts/signup/")
    screenshot(page, "signup")
    username = unique("newcomer")
    sign_up(page, username)

    # The welcome post, seeded in blog_db once the user is committed in default, waits as a draft.
    row = page.get_by_role("row").filter(has_text=WELCOME_TITLE)
    expect(row).to_contain_text("Draft")
    screenshot(page, "dashboard")

    # A draft is the author's alone.
    draft_path = row.get_by_role("link", name=WELCOME_TITLE, exact=True).get_attribute("href")
    anonymous = new_context().new_page()
    browser_errors.expect("status of 404")
    assert anonymous.goto(draft_path).status == 404

    row.get_by_role("link", name=re.compile("^Edit")).click()
    expect(field(page, "Title")).to_have_value(WELCOME_TITLE)
    screenshot(page, "post-edit")
    title = f"Hello from {username}"
    field(page, "Title").fill(title)
    field(page, "Status").select_option("published")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    post_path = page.url

    page.goto("/dashboard/")
    expect(page.get_by_role("row").filter(has_text=title)).to_contain_text("Published")

    # Published for everyone: an anonymous reader finds it on the home page.
    reader = anonymous
    reader.goto("/")
    reader.get_by_role("link", name=title).click()
    expect(reader).to_have_url(post_path)


def test_markdown_post_with_tags_is_found_everywhere(new_context, screenshot):
    author = new_context().new_page()
    username = unique("author")
    sign_up(author, username)
    word = unique("zebrafish")  # one word only this post contains, for the search
    tag = unique("Tag")
    title = f"Two databases, one blog {unique('')}"
    path = write_post(
        author,
        PostInput(
            title=title,
            body=(
                "## Why split\n\n"
                f"People live in **one** database, posts in *another*: {word}.\n\n"
                "- routers\n- batches\n\n"
                "[Django](https://www.djangoproject.com/) `select_related` cannot cross them."
            ),
            tags=f"{tag}, Django",
        ),
    )

    reader = new_context().new_page()
    reader.goto(path)
    # The Markdown is rendered, not shown raw.
    prose = reader.get_by_role("article")
    expect(prose.get_by_role("heading", name="Why split")).to_be_visible()
    expect(prose.locator("strong", has_text="one")).to_be_visible()
    expect(
        prose.get_by_role("listitem").filter(has_text=re.compile("^(routers|batches)$"))
    ).to_have_count(2)
    expect(prose.get_by_role("link", name="Django", exact=True)).to_have_attribute(
        "href", "https://www.djangoproject.com/"
    )
    expect(prose).not_to_contain_text("**one**")
    screenshot(reader, "post")

    reader.goto("/")
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    screenshot(reader, "home")

    reader.goto(path)
    reader.get_by_role("article").get_by_role("link", name=username).first.click()
    expect(reader).to_have_url(re.compile(rf"/authors/{username}/$"))
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    screenshot(reader, "author")

    reader.goto(path)
    # Tag names are normalised for display; the link still carries the tag.
    reader.get_by_role("link", name=re.compile(rf"^#?{tag}$", re.IGNORECASE)).first.click()
    expect(reader).to_have_url(re.compile(r"/tags/[^/]+/$"))
    tag_path = reader.url
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    screenshot(reader, "tag")

    search(reader, word)
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    screenshot(reader, "search")

    # Atom feeds: the site's, the author's and the tag's.
    for feed in ("/feed/", f"/authors/{username}/feed/", f"{tag_path}feed/"):
        response = reader.request.get(feed)
        assert response.status == 200, feed
        assert "atom" in response.headers["content-type"], feed
        assert title in response.text(), feed


def test_post_scheduled_for_tomorrow_is_not_public(new_context, browser_errors):
    author = new_context().new_page()
    username = unique("planner")
    sign_up(author, username)
    word = unique("tomorrowword")
    title = f"Coming soon {unique('')}"
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    path = write_post(
        author,
        PostInput(
            title=title,
            body=f"Not yet: {word}.",
            published_at=tomorrow.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    author.goto("/dashboard/")
    expect(author.get_by_role("row").filter(has_text=title)).to_contain_text("Scheduled")

    reader = new_context().new_page()
    browser_errors.expect(r"status of 404")
    assert reader.goto(path).status == 404
    reader.goto("/")
    expect(reader.get_by_role("link", name=title)).to_have_count(0)
    reader.goto(f"/authors/{username}/")
    expect(reader.get_by_role("link", name=title)).to_have_count(0)
    search(reader, word)
    expect(reader.get_by_role("link", name=title)).to_have_count(0)
    for feed in ("/feed/", f"/authors/{username}/feed/"):
        assert title not in reader.request.get(feed).text(), feed

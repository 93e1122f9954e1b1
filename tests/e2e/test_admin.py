"""Staff manage people (in `default`) and their posts (in `blog_db`) in the Django admin."""

import re
import uuid
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP
from tests.e2e.journeys import PostInput, document_width, field, sign_up, unique, write_post

WELCOME_TITLE = "Welcome to Quire"


def admin_login(page, site_server) -> None:

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(site_server.staff_username)
    page.get_by_label("Password").fill(site_server.staff_password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def admin_add_user(page, username: str) -> None:
    page.goto("/admin/accounts/user/add/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email address").fill(f"{username}@example.com")
    page.get_by_label("Password:", exact=True).fill("correct-horse-battery-staple")
    page.get_by_label("Password confirmation").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def admin_add_published_post(page, *, title: str, author: str) -> None:
    page.goto("/admin/blog/post/add/")
    page.get_by_label("Title").fill(title)
    # The author is chosen with the autocomplete, which searches users in `default`.
    page.locator(".field-author .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(author)
    page.get_by_role("option", name=author, exact=True).click()
    page.get_by_label("Status").select_option("published")
    page.locator(".field-published_at").get_by_role("link", name="Today").click()
    page.locator(".field-published_at").get_by_role("link", name="Now").click()
    page.get_by_label("Body").fill("Some *Markdown*.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def post_rows(page):
    return page.locator("#result_list tbody tr")


def test_staff_sign_in_to_the_admin(page, site_server, screenshot):
    admin_login(page, site_server)
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    expect(page.get_by_role("link", name="Posts")).to_be_visible()
    screenshot(page, "admin-index")


def test_wrong_password_is_refused(page, site_server):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(site_server.staff_username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter the correct username and password")).to_be_visible()
    expect(page.get_by_role("heading", name="Site administration")).to_have_count(0)


def test_staff_find_a_users_posts_and_delete_the_user_with_them(
    new_context, site_server, browser_errors, screenshot
):
    page = new_context().new_page()
    writer = f"writer{uuid.uuid4().hex[:8]}"
    # Neither title nor body names the writer, so a search can find the post only by its author.
    title = f"Field notes {uuid.uuid4().hex[:8]}"
    admin_login(page, site_server)
    admin_add_user(page, writer)
    admin_add_published_post(page, title=title, author=writer)

    reader = new_context().new_page()
    reader.goto("/")
    reader.get_by_role("link", name=title).click()
    post_path = urlsplit(reader.url).path
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)

    # The post list shows each post's author by username, linking to the user.
    page.goto("/admin/blog/post/")
    row = post_rows(page).filter(has_text=title)
    expect(row.get_by_role("link", name=writer, exact=True)).to_be_visible()
    screenshot(page, "admin-posts")

    # Searching by the author's username finds their posts (their own and their welcome post)
    # and nobody else's, such as the staff user's welcome post.
    page.get_by_role("textbox", name="Search", exact=True).fill(writer)
    page.get_by_role("button", name="Search").click()
    expect(post_rows(page)).to_have_count(2)
    expect(post_rows(page).filter(has_text=title)).to_have_count(1)
    expect(post_rows(page).filter(has_text=WELCOME_TITLE)).to_have_count(1)
    expect(post_rows(page).filter(has_text=site_server.staff_username)).to_have_count(0)

    # The author link opens the user, whose page lists their posts from the other database.
    post_rows(page).filter(has_text=title).get_by_role("link", name=writer, exact=True).click()
    blog_content = page.locator("#user-blog-content")
    expect(blog_content).to_contain_text("2 posts")
    expect(blog_content.get_by_role("link", name=title)).to_be_visible()
    expect(blog_content.get_by_role("link", name=WELCOME_TITLE)).to_be_visible()
    screenshot(page, "admin-user")

    # Deleting the user: the confirmation lists the blog content that goes with them.
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_text(title)).to_be_visible()
    screenshot(page, "admin-user-delete")
    page.get_by_role("button", name=re.compile("^Yes, I.m sure")).click()
    expect(page.locator(".messagelist")).to_contain_text("was deleted successfully")

    # Gone from the site too: the post, the author's page, the home page.
    browser_errors.expect("status of 404")
    assert reader.goto(post_path).status == 404
    assert reader.goto(f"/authors/{writer}/").status == 404
    reader.goto("/")
    expect(reader.get_by_role("link", name=title)).to_have_count(0)

    page.goto(f"/admin/blog/post/?q={writer}")
    expect(page.locator("#result_list")).to_have_count(0)  # no rows: Django omits the table
    page.goto(f"/admin/blog/post/?q={title.replace(' ', '+')}")
    expect(page.get_by_text("0 posts")).to_be_visible()


def test_the_comment_list_fits_a_desktop_screen(new_context, site_server, screenshot):
    writer = new_context().new_page()
    sign_up(writer, unique("talker"))
    long_title = " ".join(["A remarkably long title for a post about databases"] * 3)[:200]
    path = write_post(writer, PostInput(title=long_title, body="Comment away."))
    link = "https://example.com/" + "a-very-long-path-segment-" * 12
    writer.goto(path)
    field(writer, "Your comment").fill(f"See {link} for the whole story. " * 20)
    writer.get_by_role("button", name="Post comment").click()

    page = new_context().new_page()
    admin_login(page, site_server)
    page.goto("/admin/blog/comment/")
    expect(page.locator("#result_list")).to_be_visible()
    screenshot(page, "admin-comments")
    assert document_width(page) <= DESKTOP["width"]
    # The admin scrolls a wide table inside its box: every column must show without that.
    results = page.locator(".results")
    overflow = results.evaluate("box => box.scrollWidth - box.clientWidth")
    assert overflow <= 0, f"{overflow}px of the list are scrolled out of view"

"""Staff write a static page and the site's title in the admin; readers find the page in the
navigation, on a phone too."""

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import document_width, unique
from tests.e2e.test_admin import admin_login


def test_a_page_added_in_the_admin_is_in_the_navigation_and_fits_a_phone(
    new_context, site_server, screenshot
):
    staff = new_context().new_page()
    admin_login(staff, site_server)
    title = f"About{'x' * 30} {unique('')}"
    staff.goto("/admin/blog/page/add/")
    staff.get_by_label("Title").fill(title)
    staff.get_by_label("Status").select_option("published")
    staff.get_by_label("Nav order").fill("1")
    staff.get_by_label("Body").fill(
        "# Who we are\n\n" + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    )
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.locator(".messagelist")).to_contain_text("was added successfully")

    phone = new_context(phone=True).new_page()
    phone.goto("/")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name=title).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    expect(phone.get_by_role("heading", level=2)).to_have_text("Who we are")
    assert document_width(phone) <= PHONE_WIDTH
    screenshot(phone, "phone-static-page")

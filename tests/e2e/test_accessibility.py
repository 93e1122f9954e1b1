"""axe-core on every page of the site, for a reader and for a writer: no serious or critical
violations.

axe-core 4.14.1 is vendored from npm (`npm pack axe-core@4.14.1`; MPL-2.0, tests/e2e/vendor/) and
injected by the browser itself, like the CSP reporter: the site never serves it.
"""

from pathlib import Path

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import (
    PostInput,
    document_width,
    field,
    sign_up,
    unique,
    write_post,
)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ["serious", "critical"]
AXE_RUN = """async (impacts) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => `${violation.id} (${violation.impact}): `
         + violation.nodes.map((node) => node.target.join(" ")).join(", "));
}"""


def axe_context(new_context, **options):
    context = new_context(**options)
    context.add_init_script(path=str(AXE))
    return context


def violations_here(page) -> list[str]:
    page.wait_for_load_state("load")
    return [f"{page.url}: {found}" for found in page.evaluate(AXE_RUN, BLOCKING_IMPACTS)]


def violations_on(page, path: str) -> list[str]:
    page.goto(path)
    return violations_here(page)


def test_no_serious_accessibility_violations_on_any_page(new_context, browser_errors):
    writer = axe_context(new_context).new_page()
    username = unique("axe")
    sign_up(writer, username)
    post_path = write_post(
        writer,
        PostInput(
            title=f"Accessible {unique('')}",
            body="# A section\n\nSome *Markdown* with a [link](https://example.com/).\n\n"
            "## Details\n\n- one\n- two\n\n```\ncode\n```\n",
            tags="axe, checks",
        ),
    )
    found = violations_here(writer)  # the post with its "Post saved." message
    writer_pages = [
        "/dashboard/",
        "/dashboard/comments/",
        "/posts/new/",
        f"{post_path}edit/",
        f"{post_path}delete/",
        "/accounts/profile/",
        "/accounts/password_change/",
    ]
    found += [problem for path in writer_pages for problem in violations_on(writer, path)]
    writer.goto(post_path)
    field(writer, "Your comment").fill("A comment to show in the thread.")
    writer.get_by_role("button", name="Post comment").click()
    found += violations_here(writer)  # the thread with the comment and its message

    reader = axe_context(new_context).new_page()
    browser_errors.expect("status of 404")
    reader_pages = [
        "/",
        post_path,
        f"/authors/{username}/",
        "/tags/axe/",
        "/tags/",
        "/search/?q=Markdown",
        "/search/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/no-such-page/",
    ]
    found += [problem for path in reader_pages for problem in violations_on(reader, path)]
    phone = axe_context(new_context, phone=True).new_page()
    found += violations_on(phone, post_path)
    assert found == [], "\n".join(found)


def test_the_check_finds_a_planted_violation(new_context):
    page = axe_context(new_context).new_page()
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    found = page.evaluate(AXE_RUN, BLOCKING_IMPACTS)
    assert [problem for problem in found if problem.startswith("button-name (critical)")], found


def test_a_code_line_wider_than_a_phone_scrolls_by_keyboard(new_context, screenshot):
    phone = axe_context(new_context, phone=True).new_page()
    sign_up(phone, unique("coder"))
    wide_line = "query = " + " + ".join(f"'part {number}'" for number in range(40))
    post_path = write_post(
        phone,
        PostInput(
            title=f"Wide code {unique('')}",
            body=f"Before the [code](https://example.com/).\n\n```python\n{wide_line}\n```\n\n"
            f"    {wide_line}\n",
        ),
    )
    phone.goto(post_path)
    blocks = phone.locator(".prose pre")
    assert blocks.count() == 2
    # The code scrolls inside its blocks; the page itself never scrolls sideways.
    assert blocks.evaluate_all("all => all.map(pre => pre.scrollWidth > pre.clientWidth)") == [
        True,
        True,
    ]
    assert document_width(phone) <= PHONE_WIDTH
    assert violations_here(phone) == []

    # From the link before it, Tab reaches the first block, shows where focus is and scrolls it.
    phone.get_by_role("link", name="code", exact=True).focus()
    phone.keyboard.press("Tab")
    first = blocks.first
    assert first.evaluate("pre => pre === document.activeElement && pre.matches(':focus-visible')")
    outline = first.evaluate("pre => getComputedStyle(pre).outlineStyle")
    assert outline == "solid"
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("pre => pre.scrollLeft > 0", arg=first.element_handle())
    screenshot(phone, "phone-code-block-focused")

    # Without the tab stop the check finds the very problem it guards against.
    phone.evaluate(
        "document.querySelectorAll('pre').forEach(pre => pre.removeAttribute('tabindex'))"
    )
    assert [found for found in violations_here(phone) if "scrollable-region-focusable" in found]

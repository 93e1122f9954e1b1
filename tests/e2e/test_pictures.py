"""Cover images and photos in the browser, uploaded through the forms and served by nginx: every
image shows, nothing moves while images load, no sideways scrolling at 390 px, no serious
accessibility violation. The screenshots (desktop and phone) are for a person to look at."""

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE_WIDTH
from tests.e2e.journeys import (
    PostInput,
    document_width,
    field,
    images_loaded,
    layout_shift,
    photo_upload,
    sign_up,
    unique,
    write_post,
)
from tests.e2e.test_accessibility import axe_context, violations_here


def painting(path, size: tuple[int, int], colours: tuple[str, str]):
    """A picture with something to see: a diagonal gradient under discs of paler tints."""
    width, height = size
    top, bottom = (Image.new("RGB", (1, 1), colour).getpixel((0, 0)) for colour in colours)
    image = Image.linear_gradient("L").resize(size).rotate(45)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), image)
    draw = ImageDraw.Draw(image)
    side = min(size)
    for n in range(5):
        radius = side // (4 + 2 * n)
        x, y = width // 2 + (n - 2) * side // 6, height // 2 + ((n % 3) - 1) * side // 7
        tint = tuple((channel + 2 * 255) // 3 for channel in (top if n % 2 else bottom))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
    image.save(path, quality=90)
    return path


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    return {
        "harbour": painting(folder / "harbour.jpg", (2400, 1350), ("#12375e", "#f0a35e")),
        "forest": painting(folder / "forest.jpg", (1800, 1200), ("#1f4d2b", "#d9e8a4")),
        "writer": painting(folder / "writer.jpg", (600, 600), ("#7a3e9d", "#f4c8d8")),
        "reader": painting(folder / "reader.jpg", (480, 640), ("#a8431e", "#ffe2a8")),
    }


@pytest.fixture(scope="module")
def illustrated_blog(browser, site_server, pictures):
    """A writer with a photo and two posts with covers (one without), and a comment thread of
    people with and without photos. Made once: the pages are looked at in several ways."""
    context = browser.new_context(base_url=site_server.url)
    writer = context.new_page()
    writer_name = unique("painter")
    sign_up(writer, writer_name)
    photo_upload(writer, pictures["writer"])
    write_post(writer, PostInput(title=f"Words alone {unique('')}", body="No picture here."))
    write_post(
        writer,
        PostInput(
            title=f"A forest in spring {unique('')}",
            body="Green everywhere.",
            cover_image=pictures["forest"],
        ),
    )
    post = write_post(
        writer,
        PostInput(
            title=f"The harbour at dawn {unique('')}",
            body="Boats leave before the sun is up.\n\n" * 6,
            tags="sea",
            cover_image=pictures["harbour"],
        ),
    )
    commenters = []
    for name, photo in (("reader", pictures["reader"]), ("plain", None)):
        reader = browser.new_context(base_url=site_server.url).new_page()
        commenters.append(unique(name))
        sign_up(reader, commenters[-1])
        if photo:
            photo_upload(reader, photo)
        reader.goto(post)
        field(reader, "Your comment").fill(f"Lovely light, from {commenters[-1]}.")
        reader.get_by_role("button", name="Post comment").click()
        reader.context.close()
    writer.goto(post)
    writer.get_by_role("link", name=f"Reply to {commenters[0]}").click()
    field(writer, "Your comment").fill("Thank you, it was cold.")
    writer.get_by_role("button", name="Post comment").click()
    context.close()
    return {"writer": writer_name, "post": post, "commenters": commenters}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_pictures_show_without_moving_the_page(new_context, screenshot, illustrated_blog, width):
    phone = width == "phone"
    page = axe_context(new_context, phone=phone).new_page()
    pages = {
        "home": "/",
        "post": illustrated_blog["post"],
        "author": f"/authors/{illustrated_blog['writer']}/",
    }
    problems = []
    for name, path in pages.items():
        page.goto(path)
        assert images_loaded(page) == [], path
        # Width and height are known before any image arrives: nothing below one moved.
        assert layout_shift(page) < 0.01, path
        if phone:
            assert document_width(page) <= PHONE_WIDTH, path
        problems += violations_here(page)
        screenshot(page, f"pictures-{name}-{width}")
    assert problems == [], "\n".join(problems)

    page.goto(illustrated_blog["post"])
    cover = page.locator("picture.post-cover img")
    expect(cover).to_be_visible()
    # The browser took a WebP rendition no wider than it needs.
    source = cover.evaluate("image => image.currentSrc")
    assert source.endswith(".webp") and "/media/covers/" in source, source
    if phone:
        assert not source.endswith("/1600.webp"), source  # 390 px at 2x: the 1024 one
    thread = page.locator("#comments")
    # The commenter with a photo and the writer's reply; the one without shows an initial.
    expect(thread.locator("picture.avatar img")).to_have_count(2)
    expect(thread.locator("span.avatar")).to_have_count(1)
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert og_image.startswith(page.url.split("/posts/")[0] + "/media/covers/"), og_image
    assert page.request.get(og_image).headers["content-type"] == "image/jpeg"

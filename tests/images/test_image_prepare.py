"""Uploads are checked and rendered before anything is stored (apps/core/image_uploads.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.core.image_uploads import ImageRejected, image_prepare
from apps.core.images import AVATAR, COVER
from tests.images import files


def upload(content: bytes, name: str = "holiday.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_a_large_photo_becomes_three_widths_in_jpeg_and_webp():
    prepared = image_prepare(upload(files.jpeg_bytes(2400, 1600)), kind=COVER)
    assert (prepared.width, prepared.height, prepared.fallback_extension) == (1600, 1067, "jpg")
    sizes = {name: opened(content).size for name, content in prepared.files.items()}
    assert sizes == {
        "1600.jpg": (1600, 1067),
        "1600.webp": (1600, 1067),
        "1024.jpg": (1024, 683),
        "1024.webp": (1024, 683),
        "640.jpg": (640, 427),
        "640.webp": (640, 427),
    }
    assert {opened(content).format for content in prepared.files.values()} == {"JPEG", "WEBP"}


def test_no_served_file_keeps_the_gps_position_or_any_exif():
    prepared = image_prepare(upload(files.jpeg_bytes()), kind=COVER)
    for name, content in prepared.files.items():
        image = opened(content)
        assert not image.getexif(), name
        assert "exif" not in image.info and "xmp" not in image.info, name
        assert files.CAMERA_SERIAL.encode() not in content, name
        assert b"QuirePhone" not in content, name


def test_a_webp_upload_loses_its_exif_too():
    prepared = image_prepare(upload(files.webp_bytes(), "photo.webp"), kind=COVER)
    assert all(not opened(content).getexif() for content in prepared.files.values())
    assert (prepared.width, prepared.height) == (900, 600)


def test_a_sideways_photo_is_turned_upright():
    # Orientation 6: the camera was turned; the stored pixels are 1200 x 800, shown 800 x 1200.
    prepared = image_prepare(upload(files.jpeg_bytes(1200, 800, orientation=6)), kind=COVER)
    assert (prepared.width, prepared.height) == (800, 1200)
    assert opened(prepared.files["800.jpg"]).size == (800, 1200)


def test_a_narrow_image_is_never_enlarged():
    prepared = image_prepare(upload(files.png_bytes(500, 300), "chart.png"), kind=COVER)
    assert list(prepared.files) == ["500.jpg", "500.webp"]


def test_transparency_keeps_a_png_fallback():
    prepared = image_prepare(
        upload(files.png_bytes(800, 600, transparent=True), "logo.png"), kind=COVER
    )
    assert prepared.fallback_extension == "png"
    assert opened(prepared.files["800.png"]).mode == "RGBA"
    assert opened(prepared.files["800.webp"]).mode == "RGBA"


def test_an_avatar_is_a_centred_square():
    prepared = image_prepare(upload(files.jpeg_bytes(1200, 800)), kind=AVATAR)
    assert (prepared.width, prepared.height) == (160, 160)
    assert {name: opened(content).size for name, content in prepared.files.items()} == {
        "160.jpg": (160, 160),
        "160.webp": (160, 160),
    }


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (files.png_declaring(50000, 50000), "bomb.png", "too many pixels"),
        (files.png_declaring(10000, 10000), "bomb.png", "too many pixels"),
        (files.png_declaring(8000, 6000), "big.png", "8000 x 6000 pixels"),
        (files.truncated_jpeg(), "cut.jpg", "damaged or incomplete"),
        (files.SVG_WITH_SCRIPT, "drawing.svg", "JPEG, PNG or WebP"),
        (files.SVG_WITH_SCRIPT, "drawing.png", "SVG drawings are not accepted"),
        (b"%PDF-1.4 not an image", "scan.jpg", "not a JPEG, PNG or WebP image"),
        (files.png_bytes(40, 30), "photo.jpg", "PNG image but its name ends in .jpg"),
        (files.jpeg_bytes(40, 30), "photo", "JPEG, PNG or WebP"),
        (files.jpeg_bytes(40, 30), "photo.gif", "JPEG, PNG or WebP"),
        (files.png_bytes(1100, 100), "banner.png", "at most 10 times"),
    ],
)
def test_bad_input_is_refused_with_a_reason(content, name, message):
    with pytest.raises(ImageRejected, match=message):
        image_prepare(upload(content, name), kind=COVER)


def test_a_huge_jpeg_is_decoded_at_a_reduced_scale(settings):
    # 6000 x 4000 is 24 megapixels; the JPEG decoder's draft mode reads it at 1/2 or 1/4 scale.
    prepared = image_prepare(upload(files.jpeg_bytes(6000, 4000, gps=False)), kind=COVER)
    assert (prepared.width, prepared.height) == (1600, 1067)

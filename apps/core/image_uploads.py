"""An uploaded image checked and made into renditions with Pillow, before anything is stored.

Every refusal is an `ImageRejected` with a message for the person who sent the file: not a JPEG,
PNG or WebP image (an SVG, which can carry script, included), a name whose extension does not
match the content, a damaged or truncated file, too many pixels (checked from the header, before
any pixel is decoded: a few bytes can declare 50000 x 50000). The size in bytes is bounded before
the file is read (apps/core/upload_limits.py).

What comes out is decoded pixels encoded again, with no metadata but the colour profile: EXIF
(GPS position, camera serial numbers, the original's own thumbnail), XMP and comments never reach
a stored file.
"""

import io
import logging
import math
import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.images import WEBP, ImageKind, rendition_height, rendition_widths

logger = logging.getLogger(__name__)

# Formats accepted, with the extensions their files may have.
EXTENSIONS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
ACCEPTED_EXTENSIONS = tuple(f".{ext}" for exts in EXTENSIONS.values() for ext in exts)
# WebP's own limit is 16383 pixels a side; a cover 1600 wide stays under it up to 1:10.
MAX_ASPECT_RATIO = 10
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# EXIF orientations that swap width and height.
TRANSPOSED_ORIENTATIONS = {5, 6, 7, 8}


class ImageRejected(ValueError):
    """The upload is not an image Quire stores; the message says why, for its sender."""


@dataclass(frozen=True)
class PreparedImage:
    """An accepted upload's renditions, encoded and ready to store (apps/core/image_files.py)."""

    kind: ImageKind
    # The largest rendition's size.
    width: int
    height: int
    # "jpg", or "png" for an image with transparency.
    fallback_extension: str
    # File name inside the image's directory ("640.webp") -> its bytes.
    files: dict[str, bytes]


def image_prepare(upload, *, kind: ImageKind) -> PreparedImage:
    """Check `upload` (a Django UploadedFile) and render it for `kind`, or raise ImageRejected."""
    extension = posixpath.splitext(upload.name or "")[1].lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise ImageRejected(
            "Upload a JPEG, PNG or WebP image (a file ending in .jpg, .jpeg, .png or .webp)."
        )
    upload.seek(0)
    image = _image_open(upload)
    if extension.lstrip(".") not in EXTENSIONS[image.format]:
        raise ImageRejected(
            f"This file is a {image.format} image but its name ends in {extension}: "
            f"rename it to .{EXTENSIONS[image.format][0]} and upload it again."
        )
    width, height = _oriented_size(image)
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ImageRejected(_too_many_pixels(f"The image is {width} x {height} pixels"))
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ImageRejected(
            f"The image is {width} x {height} pixels; use one at most {MAX_ASPECT_RATIO} times "
            "as long as it is wide."
        )
    largest = _largest_size(kind, width, height)
    image = _image_decode(image, wanted=largest, transposed=(width, height) != image.size)
    return _renditions_encode(image, kind=kind, largest=largest)


def _image_open(upload) -> Image.Image:
    """Read the header only: the format and the size, no pixel yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(upload, formats=list(EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(_too_many_pixels()) from None
    except UnidentifiedImageError:
        raise ImageRejected(
            "This file is not a JPEG, PNG or WebP image Quire can read "
            "(SVG drawings are not accepted)."
        ) from None
    except Exception:  # anything the parsers raise on hostile bytes
        logger.info("Unreadable image header", exc_info=True)
        raise ImageRejected("This file is damaged: it could not be read as an image.") from None


def _too_many_pixels(size: str = "This image has too many pixels") -> str:
    megapixels = settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000
    return f"{size}: upload one of at most {megapixels:g} megapixels."


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """The size as shown, once the EXIF orientation (a photo taken sideways) is applied."""
    width, height = image.size
    try:
        orientation = image.getexif().get(0x0112)
    except Exception:  # a damaged EXIF block is dropped anyway
        orientation = None
    return (height, width) if orientation in TRANSPOSED_ORIENTATIONS else (width, height)


def _largest_size(kind: ImageKind, width: int, height: int) -> tuple[int, int]:
    """The largest rendition's size: no wider than the kind allows, never enlarged."""
    if kind.square:
        side = min(width, height, kind.max_width)
        return side, side
    to_width = min(width, kind.max_width)
    return to_width, rendition_height(width=width, height=height, to_width=to_width)


def _image_decode(image: Image.Image, *, wanted: tuple[int, int], transposed: bool):
    """Decode the pixels (a JPEG at the smallest scale that still covers `wanted`), upright."""
    if image.format == "JPEG":
        width, height = image.size
        shown_width = height if transposed else width
        shown_height = width if transposed else height
        scale = max(wanted[0] / shown_width, wanted[1] / shown_height)
        request = (math.ceil(width * scale), math.ceil(height * scale))
        image.draft("RGB", request)
    try:
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # truncated data, bad chunks, decoder errors
        logger.info("Undecodable image", exc_info=True)
        raise ImageRejected(
            "This image is damaged or incomplete: it could not be decoded. "
            "Export it again and upload the new file."
        ) from None
    return image


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _renditions_encode(image: Image.Image, *, kind: ImageKind, largest: tuple[int, int]):
    keeps_colour_profile = image.mode in ("RGB", "RGBA", "P")
    icc_profile = image.info.get("icc_profile") if keeps_colour_profile else None
    transparent = _has_transparency(image)
    mode = "RGBA" if transparent else "RGB"
    try:
        image = image if image.mode == mode else image.convert(mode)
    except Exception:
        logger.info("Unconvertible image mode %s", image.mode, exc_info=True)
        raise ImageRejected(
            "This image's colour format is not supported: save it as an ordinary JPEG or PNG."
        ) from None
    if kind.square:
        image = ImageOps.fit(image, largest, method=Image.Resampling.LANCZOS)
    elif image.size != largest:
        image = image.resize(largest, Image.Resampling.LANCZOS, reducing_gap=3.0)
    fallback = "png" if transparent else "jpg"
    files: dict[str, bytes] = {}
    for width in reversed(rendition_widths(kind, largest[0])):
        size = (width, rendition_height(width=largest[0], height=largest[1], to_width=width))
        rendition = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        files[f"{width}.{fallback}"] = _encode(rendition, fallback, icc_profile)
        files[f"{width}.{WEBP}"] = _encode(rendition, WEBP, icc_profile)
    return PreparedImage(
        kind=kind, width=largest[0], height=largest[1], fallback_extension=fallback, files=files
    )


def _encode(image: Image.Image, extension: str, icc_profile: bytes | None) -> bytes:
    # Only what is passed here is written: Pillow's encoders copy no metadata by themselves.
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if extension == "jpg":
        options |= {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True}
        options["progressive"] = True
    elif extension == "png":
        options |= {"format": "PNG"}
    else:
        options |= {"format": "WEBP", "quality": WEBP_QUALITY, "method": 4}
    output = io.BytesIO()
    image.save(output, **options)
    return output.getvalue()

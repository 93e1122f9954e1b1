"""Real image files for the upload tests, made with Pillow: good ones and crafted bad ones."""

import io
import struct
import zlib
from functools import cache

from PIL import ExifTags, Image

# Where the author lives, as a phone writes it into every photo.
GPS_LATITUDE = (48.0, 51.0, 29.6)
GPS_LONGITUDE = (2.0, 17.0, 40.2)
CAMERA_SERIAL = "SERIAL-4242-QUIRE"


# Each file is made once per test run: encoding a photo takes a good part of a second.


def photo(width: int = 2400, height: int = 1600) -> Image.Image:
    """A photo-like picture: gradients and noise, so that encoders have real work to do."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.effect_noise((width, height), 60)
    blue = Image.radial_gradient("L").resize((width, height))
    return Image.merge("RGB", (red, green, blue))


def photo_exif(*, orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: GPS position, camera serial number, maybe an orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "QuirePhone"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = CAMERA_SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = GPS_LONGITUDE
    return exif


@cache
def jpeg_bytes(
    width: int = 2400, height: int = 1600, *, gps: bool = True, orientation: int | None = None
) -> bytes:
    """A JPEG photo, with the GPS position and serial number of the phone that took it."""
    output = io.BytesIO()
    options = {"exif": photo_exif(orientation=orientation).tobytes()} if gps else {}
    photo(width, height).save(output, "JPEG", quality=90, **options)
    return output.getvalue()


@cache
def png_bytes(width: int = 800, height: int = 600, *, transparent: bool = False) -> bytes:
    image = photo(width, height)
    if transparent:
        image.putalpha(Image.linear_gradient("L").resize((width, height)))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


@cache
def webp_bytes(width: int = 900, height: int = 600) -> bytes:
    output = io.BytesIO()
    photo(width, height).save(output, "WEBP", exif=photo_exif().tobytes())
    return output.getvalue()


@cache
def png_declaring(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header declares `width` x `height`: a decompression bomb's header."""
    data = bytearray(png_bytes(1, 1))
    # The IHDR chunk follows the 8-byte signature: length (4), type (4), width, height, ...
    ihdr_start = 8 + 4
    struct.pack_into(">II", data, ihdr_start + 4, width, height)
    ihdr = bytes(data[ihdr_start : ihdr_start + 4 + 13])
    struct.pack_into(">I", data, ihdr_start + 4 + 13, zlib.crc32(ihdr))
    return bytes(data)


@cache
def truncated_jpeg() -> bytes:
    """A JPEG cut off in the middle of its image data, as an interrupted copy leaves it."""
    data = jpeg_bytes(1200, 800, gps=False)
    return data[: len(data) // 2]


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <script>alert(document.cookie)</script>
  <rect width="100" height="100" fill="red"/>
</svg>
"""

# Uploads that every image field refuses before storing anything: (content, file name, part of
# the form error). Each upload's tests add the cases of their own.
REFUSED_UPLOADS = {
    "bomb_50000_square": (png_declaring(50000, 50000), "bomb.png", "too many pixels"),
    "truncated_jpeg": (truncated_jpeg(), "cut.jpg", "damaged or incomplete"),
    "svg_with_script": (SVG_WITH_SCRIPT, "drawing.svg", "JPEG, PNG or WebP"),
}

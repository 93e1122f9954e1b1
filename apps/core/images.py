"""Uploaded images as stored and served: their kinds, file names and renditions.

An upload is never stored as sent. It is decoded, stripped of its metadata (EXIF: GPS position,
camera serial) and saved as renditions, each in WebP and in a fallback format (JPEG, or PNG for an
image with transparency) for clients that take no WebP (feed readers, link previews):

    covers/<32 random hex digits>/1600.jpg    the largest rendition: the model field's name
    covers/<32 random hex digits>/1600.webp
    covers/<32 random hex digits>/640.jpg ...

The random directory makes every URL new (a replaced image never shows from a cache) and leaks
nothing of the original file name. The model stores the largest rendition's width and height next
to its name, from which every rendition's name and size follow: pages never open a file.
"""

import posixpath
from dataclasses import dataclass
from functools import cached_property

from django.core.files.storage import default_storage

WEBP = "webp"


@dataclass(frozen=True)
class ImageKind:
    """Where images of one use are stored and which widths they are rendered at."""

    directory: str
    # Rendition widths, ascending; an image narrower than one gets its own width instead.
    widths: tuple[int, ...]
    # Cropped to a centred square (avatars).
    square: bool = False

    @property
    def max_width(self) -> int:
        return self.widths[-1]


# A post's cover image: the post column at 2x (1600), tablets and phones at 2x (1024), cards (640).
COVER = ImageKind("covers", (640, 1024, 1600))
# An author's photo: shown at most 80 CSS pixels wide, so 160 covers 2x screens.
AVATAR = ImageKind("avatars", (160,), square=True)
# An image inside a post's body, from its author's image library: the post column's widths.
BODY_IMAGE = ImageKind("images", (640, 1024, 1600))
KINDS = {kind.directory: kind for kind in (COVER, AVATAR, BODY_IMAGE)}


def rendition_widths(kind: ImageKind, width: int) -> list[int]:
    """The widths an image whose largest rendition is `width` pixels wide is stored at."""
    return [w for w in kind.widths if w < width] + [width]


def rendition_height(*, width: int, height: int, to_width: int) -> int:
    """The height of the rendition `to_width` wide of a `width` x `height` image."""
    return max(1, round(height * to_width / width))


@dataclass(frozen=True)
class Rendition:
    """One stored file of an image."""

    name: str
    width: int
    height: int

    @property
    def url(self) -> str:
        return default_storage.url(self.name)


@dataclass(frozen=True)
class Picture:
    """What a template needs to show a stored image, computed from the model's fields alone.

    `src`, `width`, `height` are the largest fallback rendition; `srcset` lists the fallback
    renditions and `webp_srcset` the WebP ones (for a `<picture><source type="image/webp">`);
    `rendition(min_width)` picks one file (an og:image, a feed's enclosure).
    """

    name: str
    width: int
    height: int
    kind: ImageKind

    @cached_property
    def directory(self) -> str:
        return posixpath.dirname(self.name)

    @cached_property
    def fallback_extension(self) -> str:
        return posixpath.splitext(self.name)[1].lstrip(".")

    @cached_property
    def renditions(self) -> list[tuple[Rendition, Rendition]]:
        """(fallback, WebP) pairs, narrowest first."""
        pairs = []
        for width in rendition_widths(self.kind, self.width):
            height = rendition_height(width=self.width, height=self.height, to_width=width)
            pairs.append(
                tuple(
                    Rendition(f"{self.directory}/{width}.{extension}", width, height)
                    for extension in (self.fallback_extension, WEBP)
                )
            )
        return pairs

    @property
    def file_names(self) -> list[str]:
        return [rendition.name for pair in self.renditions for rendition in pair]

    @property
    def src(self) -> str:
        return self.renditions[-1][0].url

    @property
    def srcset(self) -> str:
        return ", ".join(f"{fallback.url} {fallback.width}w" for fallback, _ in self.renditions)

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{webp.url} {webp.width}w" for _, webp in self.renditions)

    def rendition(self, min_width: int = 0, *, webp: bool = False) -> Rendition:
        """The narrowest rendition at least `min_width` wide (the widest if none is)."""
        for pair in self.renditions:
            if pair[0].width >= min_width:
                return pair[webp]
        return self.renditions[-1][webp]


def picture_of(name: str, *, width: int | None, height: int | None, kind: ImageKind):
    """The Picture of an image field's value, or None when there is no image."""
    if not name or not width or not height:
        return None
    return Picture(name=name, width=width, height=height, kind=kind)

"""Stored images in pages (apps.core.images.Picture): `{% picture %}`, `{% avatar %}` and the
preview image of a shared link (`{% preview_image_meta %}`).

Every image is decorative: a person's name or a post's title always stands next to it, so it
has no text of its own (`alt=""`). Width and height come from the row, so the page never moves
when an image arrives and no file is opened to render it.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.core.html import escape
from apps.core.images import Picture

register = template.Library()

# CSS pixels; site.css draws `.avatar-<size>` at the same size.
AVATAR_SIZES = {"xs": 32, "s": 40, "m": 64, "l": 96}
# site.css has `.avatar-hue-0` ... `.avatar-hue-7`: colours white text reads on in either scheme.
AVATAR_HUES = 8
# A link preview's picture: large enough for the wide cards of social sites.
PREVIEW_MIN_WIDTH = 1200
# A person without a photo: their initial in a circle, by every comment and byline (dozens on a
# post page). `size` is one of AVATAR_SIZES and the hue a number; only the initial is text.
INITIAL_AVATAR = (
    '<span class="avatar avatar-{size} avatar-hue-{hue}" aria-hidden="true">{initial}</span>'
)


@register.simple_tag
def picture(
    image: Picture, *, sizes: str, css_class: str = "", lazy: bool = True, first: bool = False
) -> str:
    """`<picture>` with WebP renditions for the browsers that take them, the fallback's otherwise.

    `lazy` leaves an image below the fold until it is scrolled near; `first` asks for the one
    image the page is about before anything else.
    """
    markup = (
        '<picture class="{}"><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt=""'
        + (' loading="lazy"' if lazy else "")
        + ' decoding="async"'
        + (' fetchpriority="high"' if first else "")
        + "></picture>"
    )
    return format_html(
        markup,
        css_class,
        image.webp_srcset,
        sizes,
        image.src,
        image.srcset,
        sizes,
        image.width,
        image.height,
    )


def avatar_initial(person) -> str:
    return person.public_name[:1].upper() or "?"


@register.simple_tag
def avatar(person, size: str = "s", *, lazy: bool = True) -> str:
    """The person's photo, or their initial in a circle of a colour of their own."""
    if size not in AVATAR_SIZES:
        raise template.TemplateSyntaxError(f"avatar size {size!r} is not one of {AVATAR_SIZES}")
    photo = person.avatar_picture
    if photo is not None:
        return picture(
            photo, sizes=f"{AVATAR_SIZES[size]}px", css_class=f"avatar avatar-{size}", lazy=lazy
        )
    # str.format and an escape of the initial alone (apps/core/html.py, the text of Django's):
    # format_html would pass the size and the hue through conditional_escape too, a noticeable
    # share of rendering a page of comments. SafeString, not mark_safe: a plain str here, and
    # mark_safe's lazy wrapper costs more than the rest.
    return SafeString(
        INITIAL_AVATAR.format(
            size=size, hue=person.pk % AVATAR_HUES, initial=escape(avatar_initial(person))
        )
    )


@register.simple_tag(takes_context=True)
def preview_image_meta(context, image: Picture | None) -> str:
    """og:image and twitter:image for `image` at an absolute URL (nothing without an image)."""
    if image is None:
        return ""
    rendition = image.rendition(PREVIEW_MIN_WIDTH)
    url = context["request"].build_absolute_uri(rendition.url)
    return format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">\n'
        '  <meta name="twitter:image" content="{}">',
        url,
        rendition.width,
        rendition.height,
        url,
    )

"""`{% avatar person size %}`: a person's picture, or their initial in a coloured circle.

Sizes are CSS pixels (site.css draws `.avatar-<size>` at the same size). The picture is
decorative: the person's name always stands next to it, so it has no text of its own.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

AVATAR_SIZES = {"xs": 32, "s": 40, "m": 64, "l": 96}
# site.css has `.avatar-hue-0` ... `.avatar-hue-7`: colours white text reads on in either scheme.
AVATAR_HUES = 8


def avatar_initial(person) -> str:
    return person.public_name[:1].upper() or "?"


@register.simple_tag
def avatar(person, size: str = "s") -> str:
    if size not in AVATAR_SIZES:
        raise template.TemplateSyntaxError(f"avatar size {size!r} is not one of {AVATAR_SIZES}")
    return format_html(
        '<span class="avatar avatar-{} avatar-hue-{}" aria-hidden="true">{}</span>',
        size,
        person.pk % AVATAR_HUES,
        avatar_initial(person),
    )

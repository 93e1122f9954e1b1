"""Characters that change how a name looks without being seen: refused in post titles, tag names
and display names.

A bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) reorders the text after it;
a zero-width character makes "django" and "djan<U+200B>go" two tags that look alike. Both are
Unicode format characters (category Cf), refused here with the Hangul fillers, letters that show
as blank. The joiners ZWNJ and ZWJ are kept between two non-ASCII characters, where Persian,
Indic scripts and emoji sequences need them. Usernames are ASCII (apps/accounts/forms.py).
"""

import unicodedata

from django.core.exceptions import ValidationError

JOINERS = frozenset("\u200c\u200d")
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _joins_non_ascii(text: str, index: int) -> bool:
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    return bool(before and after) and not before.isascii() and not after.isascii()


def invisible_character_find(text: str) -> str | None:
    """The first character of `text` that changes how it looks without being seen, if any."""
    for index, char in enumerate(text):
        if char in JOINERS:
            if not _joins_non_ascii(text, index):
                return char
        elif char in BLANK_LETTERS or unicodedata.category(char) == "Cf":
            return char
    return None


def validate_no_invisible_characters(value: str) -> None:
    found = invisible_character_find(value)
    if found is not None:
        raise ValidationError(
            "Remove the invisible character U+%(code)s (%(name)s): it changes how the text looks "
            "without being seen.",
            code="invisible_character",
            params={"code": f"{ord(found):04X}", "name": unicodedata.name(found, "unnamed")},
        )

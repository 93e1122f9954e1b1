"""Characters no one types on purpose and XML cannot carry: refused on input, stripped on output.

XML 1.0 has no way to write C0 control characters other than tab, newline and carriage return,
lone surrogates, U+FFFE or U+FFFF: Django's feed writer raises on them in text (a 500) and writes
them unchecked into attributes (malformed XML). DEL and the C1 controls are legal XML but just as
invisible, and are refused with them.
"""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_characters_strip(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def validate_no_control_characters(value: str) -> None:
    # NUL is left to Django's forms (ProhibitNullCharactersValidator), which would report it twice.
    found = CONTROL_CHARACTERS.search(value.replace("\x00", ""))
    if found:
        raise ValidationError(
            "Remove the invisible control character U+%(code)s: it cannot be shown or sent in "
            "feeds.",
            code="control_character",
            params={"code": f"{ord(found.group()):04X}"},
        )

"""Path converters that only match what a slug or username can be.

`\\w` is Unicode-aware (slugs are made with allow_unicode) and never matches control characters,
so a NUL byte or other junk in the path is a 404 before any query runs.
"""


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UsernameConverter:
    # Django's username validator allows letters, digits and @ . + - _
    regex = r"[\w.@+-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

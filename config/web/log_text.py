"""Text from a request made safe for a one-line log record."""


def log_escaped(text: str) -> str:
    """`text` with line breaks, escape sequences and every non-ASCII character backslash-escaped.

    The same escaping as Django's own request logging (`django.utils.log.log_response`), so a
    `%0A` in a URL cannot forge a log line nor a `%1B` drive the terminal that shows the log.
    """
    return text.encode("unicode_escape").decode("ascii")

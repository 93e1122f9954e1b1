"""Settings config/settings.py refuses to start without, or with a value it does not know: a clear
ImproperlyConfigured at start rather than a surprise on a request."""

from django.core.exceptions import ImproperlyConfigured


def secret_key(configured: str, debug: bool) -> str:
    """The configured key; without one, a fixed key for local development runs only."""
    if configured:
        return configured
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DEBUG=true for a local development run."
        )
    return "insecure-development-key-only-used-with-debug"


def one_of(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} must be {', '.join(choices[:-1])} or {choices[-1]}, not {value!r}."
        )
    return value

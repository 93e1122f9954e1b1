"""The addresses every page's header, footer and head link to, worked out once per process.

base.html links to the same pages (home, search, the feed, log in...) and files (the stylesheet,
the icon) on every page; reversing each name and looking up each file's hashed name on every
request was a large share of a page's time (bench/HISTORY.md). Quire's URLconf never changes per
request and its files only change on deploy, so the addresses depend on the script prefix alone,
which keys the memo.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from apps.core.lazy_mapping import LazyMapping

FAVICON_MAX_AGE = 86_400  # a day: the icon's hashed name changes when the icon does

# URL names without arguments that the site's chrome links to: `{{ site_urls.<name> }}`.
PAGES = (
    "home",
    "search",
    "feed",
    "sitemap",
    "tag_index",
    "login",
    "logout",
    "signup",
    "dashboard",
    "post_create",
    "profile_edit",
)
# Static files, by the name templates use: `{{ site_urls.<name> }}`.
FILES = {"stylesheet": "css/site.css", "icon": "img/favicon.svg"}


@lru_cache(maxsize=4)
def _site_urls(script_prefix: str) -> dict[str, str]:
    urls = {name: reverse(name) for name in PAGES}
    if not settings.SIGNUP_OPEN:
        # Templates link to sign-up only `{% if site_urls.signup %}`.
        del urls["signup"]
    urls.update((name, static(path)) for name, path in FILES.items())
    return urls


def current_site_urls() -> dict[str, str]:
    """The addresses for the current script prefix; for pages rendered without a request."""
    return _site_urls(get_script_prefix())


def site_urls(request: HttpRequest) -> dict[str, LazyMapping]:
    """Context processor: `site_urls` in every template rendered with a request.

    Lazy, so a template that links nowhere (or a test's own URLconf) never reverses these names.
    """
    return {"site_urls": LazyMapping(current_site_urls)}


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, asked for by browsers and feed readers that never read a page's head."""
    response = HttpResponseRedirect(current_site_urls()["icon"])
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response


@receiver(setting_changed, dispatch_uid="quire_site_urls_setting_changed")
def _forget_site_urls(*, setting: str, **kwargs) -> None:
    # Tests that override STATIC_URL, STORAGES or ROOT_URLCONF must see their own addresses.
    if setting in {"STATIC_URL", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME", "SIGNUP_OPEN"}:
        _site_urls.cache_clear()

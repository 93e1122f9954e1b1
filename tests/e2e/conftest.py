"""End-to-end fixtures: one gunicorn server and one headless Chromium for the whole session.

Every test gets its browser contexts from `new_context` (or the `page` shortcut); each
context reports console errors, uncaught page errors, Content-Security-Policy violations and 5xx
responses, and the test fails in teardown when any of them was not expected.

Chromium missing: the tests are skipped with a message, unless QUIRE_REQUIRE_BROWSER=1 (set by
.ci/run), which turns the skip into a failure so CI never passes without a browser.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import PROJECT_DIR
from support.scratch import scratch_database_urls
from tests.e2e.server import LiveServer

E2E_DIR = Path(__file__).resolve().parent
# Debian's Chromium; QUIRE_CHROMIUM points elsewhere (or at nothing, to try the skip).
CHROMIUM = Path(os.environ.get("QUIRE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS_DIR = PROJECT_DIR / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 390
PHONE = {"width": PHONE_WIDTH, "height": 844}

# Installed on every page before its own scripts: reports CSP violations (enforced and report-only)
# as console errors, so they cannot pass unnoticed even where Chromium logs them as warnings.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
                + ` on ${event.documentURI} (${event.disposition})`);
});
"""


# --- Collection: mark, order, count ----------------------------------------------------------


def _is_e2e(item: pytest.Item) -> bool:
    return Path(str(item.path)).is_relative_to(E2E_DIR)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests run last: Playwright's sync API keeps an event loop alive while the browser is
    # open, and Django refuses ORM calls from a thread with a running loop, so no database test may
    # run between the first browser test and the session's end.
    browser_items = [item for item in items if _is_e2e(item)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if not _is_e2e(item)] + browser_items


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True  # read by new_context's teardown
    return report


_outcomes: dict[str, str] = {}
_SEVERITY = {"passed": 0, "skipped": 1, "failed": 2}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "browser" not in report.keywords:
        return
    # A test counts once, by its worst phase: an error in teardown (the console check) fails it.
    previous = _outcomes.get(report.nodeid, "passed")
    _outcomes[report.nodeid] = max(previous, report.outcome, key=_SEVERITY.__getitem__)


def pytest_terminal_summary(terminalreporter) -> None:
    counts = {name: list(_outcomes.values()).count(name) for name in _SEVERITY}
    terminalreporter.write_sep(
        "-",
        f"browser tests: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped",
        bold=True,
    )
    if SCREENSHOTS_DIR.is_dir() and any(SCREENSHOTS_DIR.iterdir()):
        terminalreporter.write_line(f"screenshots (desktop and phone): {SCREENSHOTS_DIR}/")


# --- Browser and server ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Chromium's path; skip (or, when QUIRE_REQUIRE_BROWSER=1, fail) when it is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"Chromium not found at {CHROMIUM} (install it: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (make install)"
    if problem:
        if os.environ.get("QUIRE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (QUIRE_REQUIRE_BROWSER=1) but {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    return CHROMIUM


@pytest.fixture(scope="session")
def site_server(chromium_executable, django_db_blocker, tmp_path_factory) -> Iterator[LiveServer]:
    """gunicorn serving the production configuration on fresh scratch databases.

    Not named `live_server`: pytest-django would then attach its transactional database to
    every browser test, and the browser tests must not use the test databases at all.
    """
    with django_db_blocker.unblock(), scratch_database_urls() as urls:
        server = LiveServer(database_urls=urls, work_dir=tmp_path_factory.mktemp("e2e-server"))
        try:
            server.start()
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable, site_server):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


# --- Per-test contexts with error collection -------------------------------------------------


@dataclass
class BrowserErrors:
    """What went wrong in the browser during one test, minus what the test said to expect."""

    entries: list[str] = field(default_factory=list)
    expected: list[re.Pattern] = field(default_factory=list)

    def expect(self, pattern: str) -> None:
        """Tolerate errors matching `pattern` (e.g. the console line for a deliberate 403)."""
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.entries if not any(p.search(e) for p in self.expected)]

    def watch(self, context) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url") or (message.page.url if message.page else "")
                self.entries.append(f"console error on {where}: {message.text}")

        def on_page_error(error) -> None:
            page_url = error.page.url if error.page else ""
            self.entries.append(f"uncaught error on {page_url}: {error.error}")

        def on_response(response) -> None:
            if response.status >= 500:
                self.entries.append(f"HTTP {response.status} from {response.url}")

        context.on("console", on_console)
        context.on("weberror", on_page_error)
        context.on("response", on_response)


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


@pytest.fixture
def new_context(
    request, browser, site_server, browser_errors, screenshots_dir
) -> Iterator[Callable[..., object]]:
    """Factory for isolated browser contexts (separate cookies: one per person in a journey)."""
    contexts = []

    def make(*, phone: bool = False, javascript: bool = True, base_url: str | None = None):
        options = {
            "base_url": base_url or site_server.url,
            "viewport": DESKTOP,
            "java_script_enabled": javascript,
        }
        if phone:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_REPORTER)
        browser_errors.watch(context)
        contexts.append(context)
        return context

    yield make
    if getattr(request.node, "failed_call", False):
        # What the browser showed when the test failed, for whoever reads the CI log.
        failures = screenshots_dir / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(p for context in contexts for p in context.pages):
            with contextlib.suppress(Exception):
                page.screenshot(path=str(failures / f"{request.node.name}-{number}.png"))
    for context in contexts:
        context.close()
    unexpected = browser_errors.unexpected()
    if unexpected:
        pytest.fail(
            "the browser reported errors:\n  "
            + "\n  ".join(unexpected)
            + f"\n--- gunicorn log (tail) ---\n{site_server.log_tail()}",
            pytrace=False,
        )


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="session")
def screenshots_dir(browser) -> Path:
    """screenshots/ (git-ignored), emptied once per run so it shows this run only."""
    shutil.rmtree(SCREENSHOTS_DIR, ignore_errors=True)
    SCREENSHOTS_DIR.mkdir()
    return SCREENSHOTS_DIR


@pytest.fixture
def screenshot(screenshots_dir) -> Callable[..., Path]:
    def take(page, name: str) -> Path:
        path = screenshots_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

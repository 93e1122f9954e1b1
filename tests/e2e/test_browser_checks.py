"""The harness itself: the site runs as in production, and browser errors are caught."""

import re


def test_site_serves_the_production_configuration(page):
    # DEBUG=false with collected static files: pages link hashed file names, which nginx serves.
    response = page.request.get("/admin/login/")
    assert response.status == 200
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', response.text())
    assert stylesheet, "the admin stylesheet is not served under a hashed name"
    assert page.request.get(stylesheet.group(1)).status == 200


def test_console_errors_and_uncaught_exceptions_are_collected(page, browser_errors):
    page.set_content("<p>nothing here</p>")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate("console.error('planted console error')")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('planted uncaught error'); }, 0)")
    page.evaluate("1")  # a round trip, so the context's listeners have run too

    unexpected = browser_errors.unexpected()
    assert any("planted console error" in entry for entry in unexpected), unexpected
    assert any("planted uncaught error" in entry for entry in unexpected), unexpected

    browser_errors.expect("planted")
    assert browser_errors.unexpected() == []


def test_an_error_status_shows_in_the_console(page, browser_errors):
    # Chromium logs a failed document load as a console error: pages that answer 4xx are caught
    # unless the test expects them (as the permission tests do).
    response = page.goto("/no-such-page/")
    assert response.status == 404
    page.evaluate("1")
    assert any("status of 404" in entry for entry in browser_errors.unexpected())
    browser_errors.expect("status of 404")


def test_content_security_policy_violations_are_caught(page, browser_errors):
    # The site forbids inline scripts; one slipped into a page is blocked and reported.
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.body.append(script);
        }"""
    )
    page.evaluate("1")
    assert page.evaluate("window.inlineScriptRan") is None
    violations = [entry for entry in browser_errors.unexpected() if "CSP violation" in entry]
    assert violations and "script-src" in violations[0], browser_errors.entries
    browser_errors.expect("CSP violation|Content Security Policy")
    assert browser_errors.unexpected() == []

def test_explore(page, browser_errors, live_server):
    page.goto("/no-such-page/")
    page.goto("/admin/login/")
    print(page.title())
    print(browser_errors.entries)
    browser_errors.expect(".")

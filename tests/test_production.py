"""The production configuration outside containers: collectstatic, gunicorn with config/gunicorn.py,
DEBUG off, on fresh databases on the two real PostgreSQL servers."""

import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from apps.blog.management.commands.seed_demo import demo_post_title
from apps.multidb.replicas import replica_aliases
from support import PROJECT_DIR
from support.live import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    STRONG_SECRET_KEY,
    gunicorn_site,
    tls_environ,
)
from support.scratch import manage


@pytest.fixture(scope="module")
def production_site(production_environ):
    with gunicorn_site(production_environ) as site:
        yield site


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_healthz_answers_ok(production_site):
    response = production_site.request("/healthz")
    assert response.status == 200
    assert response.text == "ok"
    assert "no-cache" in response.headers["cache-control"]


def test_readyz_reports_each_alias(production_site):
    response = production_site.request("/readyz")
    assert response.status == 200
    replicas = dict.fromkeys(replica_aliases(), "ok")  # the harness runs one replica per primary
    assert json.loads(response.body) == {
        "default": "ok", "blog_db": "ok", "analytics": "ok", **replicas, "cache:default": "ok"
    }  # fmt: skip


def test_reader_pages_show_the_demo_content(production_site):
    home = production_site.request("/")
    assert home.status == 200
    assert demo_post_title(1) in home.text
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', home.text)
    post = production_site.request("/posts/demo-post-1/")
    assert post.status == 200
    assert "<h2>What we learned</h2>" in post.text
    assert production_site.request("/accounts/login/").status == 200


@pytest.mark.parametrize("path", ["/", "/posts/demo-post-1/", "/accounts/login/", "/admin/login/"])
def test_pages_have_no_inline_scripts_or_styles(production_site, path):
    html = production_site.request(path).text
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script, script
    assert "<style" not in html
    assert " style=" not in html


def test_admin_login_page_with_hashed_static_files(production_site):
    response = production_site.request("/admin/login/")
    assert response.status == 200
    assert "csrfmiddlewaretoken" in response.text
    stylesheets = re.findall(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', response.text)
    assert stylesheets, "the admin should link its stylesheet by its hashed name"


def test_hashed_static_file_is_compressed_and_cached_for_years(production_site):
    page = production_site.request("/admin/login/").text
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page).group(1)
    response = production_site.request(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers.get("content-encoding") == "gzip"
    cache_control = response.headers["cache-control"]
    assert "immutable" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert max_age >= 365 * 24 * 3600


def test_security_headers_on_pages(production_site):
    response = production_site.request("/admin/login/")
    headers = response.headers
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"


def test_admin_sign_in_works_end_to_end(production_site):
    login = production_site.request("/admin/login/?next=/admin/")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": _csrf_token(login.text),
            "username": ADMIN_USERNAME,
            "password": ADMIN_PASSWORD,
            "next": "/admin/",
        }
    ).encode()
    response = production_site.request(
        "/admin/login/?next=/admin/",
        data=form,
        headers={"Referer": production_site.base_url + "/admin/login/"},
    )
    assert response.status == 302, response.text[:500]
    assert response.headers["location"] == "/admin/"
    session_cookie = next(c for c in production_site.cookies if c.name == "sessionid")
    assert session_cookie.has_nonstandard_attr("HttpOnly")
    index = production_site.request("/admin/")
    assert index.status == 200
    assert "Site administration" in index.text


def test_unknown_page_is_a_plain_404_not_a_debug_page(production_site):
    response = production_site.request("/no-such-page/")
    assert response.status == 404
    assert "URLconf" not in response.text  # the DEBUG page lists the URL patterns


def test_request_id_is_echoed_and_logged_by_gunicorn_and_django(production_site):
    response = production_site.request("/no-such-page/", headers={"X-Request-ID": "trace-4242"})
    assert response.headers["x-request-id"] == "trace-4242"
    # Django's own record of the 404 and gunicorn's access log line both carry the id.
    production_site.wait_for_log(r"WARNING django.request request_id=trace-4242 .*Not Found")
    production_site.wait_for_log(r'"GET /no-such-page/ HTTP/1.1" 404 .* request_id=trace-4242')


def test_request_id_is_generated_when_absent_or_unsafe(production_site):
    generated = production_site.request("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    unsafe = production_site.request("/healthz", headers={"X-Request-ID": "a b<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", unsafe.headers["x-request-id"])


# --- How gunicorn hands out connections (config/gunicorn.py) -------------------------------


@pytest.fixture(scope="module")
def one_thread_workers_site(production_environ):
    with gunicorn_site(production_environ, workers=2, threads=1) as site:
        yield site


def test_a_busy_worker_leaves_new_connections_to_a_free_one(one_thread_workers_site):
    # A connection that sends nothing keeps one worker's only thread waiting (up to 5 s). A
    # worker that went on accepting meanwhile would queue some of these requests behind it.
    host, port = urllib.parse.urlsplit(one_thread_workers_site.base_url).netloc.split(":")
    with socket.create_connection((host, int(port))):
        time.sleep(0.5)  # accepted by one of the two workers
        responses = [one_thread_workers_site.request("/healthz") for _ in range(12)]
    assert [response.status for response in responses] == [200] * 12
    assert max(response.seconds for response in responses) < 2


def test_each_connection_carries_one_request(production_site):
    # No keep-alive: a kept connection would tie its client to one worker for good.
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(production_site.base_url).netloc)
    try:
        connection.request("GET", "/healthz")  # HTTP/1.1, which keeps connections by default
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Connection") == "close"
    finally:
        connection.close()


# --- Behind TLS (HTTPS_ONLY=true) ------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_site(production_environ):
    with gunicorn_site(tls_environ(production_environ), workers=1) as site:
        yield site


def test_tls_plain_http_is_redirected_except_health_probes(tls_site):
    headers = {"Host": "blog.example.com"}
    redirect = tls_site.request("/admin/login/", headers=headers)
    assert redirect.status == 301
    assert redirect.headers["location"] == "https://blog.example.com/admin/login/"
    assert tls_site.request("/healthz", headers=headers).status == 200
    assert tls_site.request("/readyz", headers=headers).status == 200


def test_tls_cookies_are_secure_and_hsts_is_sent(tls_site):
    response = tls_site.request(
        "/admin/login/", headers={"Host": "blog.example.com", "X-Forwarded-Proto": "https"}
    )
    assert response.status == 200
    assert "max-age=31536000" in response.headers["strict-transport-security"]
    csrf_cookie = response.headers["set-cookie"]
    assert "csrftoken=" in csrf_cookie
    assert "Secure" in csrf_cookie


def test_container_healthcheck_script_passes_behind_tls(tls_site):
    environ = {"PATH": "/usr/bin:/bin", "ALLOWED_HOSTS": "blog.example.com", "HTTPS_ONLY": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "config.healthcheck", tls_site.base_url + "/readyz"],
        cwd=PROJECT_DIR, env=environ, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"blog_db": "ok"' in result.stdout


def test_container_healthcheck_script_fails_when_nothing_answers():
    from support.postgres import free_port

    result = subprocess.run(
        [sys.executable, "-m", "config.healthcheck", f"http://127.0.0.1:{free_port()}/readyz"],
        cwd=PROJECT_DIR, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert result.returncode == 1
    assert "unreachable" in result.stdout


# --- manage.py check --deploy --------------------------------------------------------------


def _deploy_check(**environ: str) -> subprocess.CompletedProcess:
    return manage(
        "check", "--deploy", "--fail-level", "WARNING",
        environ={"SECRET_KEY": STRONG_SECRET_KEY, "DEBUG": "false",
                 "ALLOWED_HOSTS": "blog.example.com",
                 "CSRF_TRUSTED_ORIGINS": "https://blog.example.com", **environ},
    )  # fmt: skip


def test_deploy_check_passes_behind_tls():
    result = _deploy_check(HTTPS_ONLY="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.mark.parametrize("email_url", ["consolemail://", "filemail:///tmp/quire-mail"])
def test_deploy_check_refuses_mail_that_leaves_reset_links_on_the_server(email_url):
    result = _deploy_check(HTTPS_ONLY="true", EMAIL_URL=email_url)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "accounts.E001" in output
    assert "reset any account's password" in output


def test_deploy_check_accepts_an_smtp_relay():
    result = _deploy_check(HTTPS_ONLY="true", EMAIL_URL="smtp+tls://quire:secret@relay.example:587")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_flags_plain_http_so_the_test_above_can_fail():
    result = _deploy_check(HTTPS_ONLY="false")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W008" in output  # SECURE_SSL_REDIRECT
    assert "security.W012" in output  # SESSION_COOKIE_SECURE

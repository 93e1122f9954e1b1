"""gunicorn behind nginx as compose runs them (config/nginx.conf, Debian's nginx): slow clients wait
in nginx, the headers gunicorn needs are passed on, static and media files never reach gunicorn,
and a client cannot choose the address login throttling sees."""

import http.client
import re
import socket
import urllib.parse

import pytest

from config.gunicorn_worker import HEAD_SECONDS, MAX_UPLOAD_BODY_BYTES
from support.live import ADMIN_PASSWORD, ADMIN_USERNAME, proxied_site, tls_environ
from tests.slow_clients import address, response_head, stalled_connections, trickle

WORKERS, THREADS = 2, 5


@pytest.fixture(scope="module")
def site(production_environ):
    with proxied_site(production_environ, workers=WORKERS, threads=THREADS) as site:
        yield site


def test_idle_connections_wait_in_nginx_and_hold_no_gunicorn_thread(site):
    # Three times as many as gunicorn has threads: alone, it was down until its head deadline
    # (tests/test_request_deadline.py).
    with stalled_connections(site.proxy.base_url, 3 * WORKERS * THREADS):
        through_nginx = site.proxy.request("/healthz", timeout=HEAD_SECONDS)
        direct = site.gunicorn.request("/healthz", timeout=HEAD_SECONDS)
    assert (through_nginx.status, direct.status) == (200, 200)
    assert through_nginx.seconds < HEAD_SECONDS / 2
    assert direct.seconds < HEAD_SECONDS / 2


def test_nginx_drops_a_client_trickling_its_headers_at_its_header_timeout(site):
    # client_header_timeout 10s counts from the first read, not from the last byte.
    with socket.create_connection(address(site.proxy.base_url)) as sock:
        answer, seconds = trickle(sock, every=1, give_up_after=20)
    assert answer == b""  # closed without an answer
    assert 10 - 1 < seconds < 10 + 2.5


def test_a_body_over_the_limit_is_refused_by_nginx(site):
    head = (
        "POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Length: {MAX_UPLOAD_BODY_BYTES + 1}\r\n\r\n"
    )
    with stalled_connections(site.proxy.base_url, 1, sent=head.encode()) as [sock]:
        answer = response_head(sock, timeout=5)
    assert answer.startswith(b"HTTP/1.1 413 ")
    site.proxy.wait_for_log(r'"POST /accounts/login/ HTTP/1\.1" 413 .* upstream=-s ')


def test_the_request_id_of_the_client_is_passed_and_logged_on_both_sides(site):
    response = site.proxy.request("/no-such-page/", headers={"X-Request-ID": "trace-via-nginx"})
    assert response.status == 404
    assert response.headers["x-request-id"] == "trace-via-nginx"
    site.gunicorn.wait_for_log(r'"GET /no-such-page/ HTTP/1\.0" 404 .* request_id=trace-via-nginx')
    site.proxy.wait_for_log(r'"GET /no-such-page/ HTTP/1\.1" 404 .* request_id=trace-via-nginx')


def test_nginx_gives_a_request_without_an_id_its_own(site):
    response = site.proxy.request("/healthz")
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    site.gunicorn.wait_for_log(rf'"GET /healthz HTTP/1\.0" 200 .* request_id={request_id} ')
    site.proxy.wait_for_log(rf'"GET /healthz HTTP/1\.1" 200 .* request_id={request_id} ')


def test_static_files_are_served_by_nginx_compressed_and_cached_for_years(site):
    page = site.proxy.request("/admin/login/").text
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page).group(1)
    response = site.proxy.request(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["cache-control"] == "public, max-age=315360000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    site.proxy.wait_for_log(rf'"GET {re.escape(stylesheet)} HTTP/1\.1" 200 .* upstream=-s ')
    assert stylesheet not in site.gunicorn.log()


def test_unhashed_static_files_are_cached_briefly(site):
    response = site.proxy.request("/static/admin/css/base.css")
    assert response.status == 200
    assert response.headers["cache-control"] == "public, max-age=60"


def test_media_files_are_served_by_nginx_and_never_run(site):
    (site.media_root / "covers").mkdir(exist_ok=True)
    (site.media_root / "covers" / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    response = site.proxy.request("/media/covers/drawing.svg")
    assert response.status == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "sandbox" in policy
    assert site.proxy.request("/media/covers/missing.png").status == 404
    assert "/media/" not in site.gunicorn.log()


def _sign_in(site, *, source: str, password: str, forwarded_for: str) -> int:
    """The status of a sign-in as admin through nginx, from the loopback address `source`, with a
    forged X-Forwarded-For."""
    host, port = address(site.proxy.base_url)

    def request(method: str, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(host, port, timeout=15, source_address=(source, 0))
        try:
            connection.request(method, "/accounts/login/", body, headers or {})
            response = connection.getresponse()
            return response, response.read().decode()
        finally:
            connection.close()

    form, html = request("GET")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": ADMIN_USERNAME, "password": password}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf_cookie}",
        "X-Forwarded-For": forwarded_for,
    }
    response, _ = request("POST", body, headers)
    return response.status


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(site):
    # A new forged address each time: had gunicorn trusted it, no two failures would add up.
    failures = [
        _sign_in(site, source="127.0.0.2", password="wrong", forwarded_for=f"203.0.113.{n}")
        for n in range(1, 6)
    ]
    assert failures[0] == 200
    locked = _sign_in(
        site, source="127.0.0.2", password=ADMIN_PASSWORD, forwarded_for="198.51.100.7"
    )
    assert locked == 429
    # Another client (another address as nginx sees it) is not locked out with the first.
    signed_in = _sign_in(
        site, source="127.0.0.3", password=ADMIN_PASSWORD, forwarded_for="203.0.113.1"
    )
    assert signed_in == 302


# --- Behind a TLS terminator (HTTPS_ONLY=true, X-Forwarded-Proto from in front of nginx) -----


@pytest.fixture(scope="module")
def tls_site(production_environ):
    with proxied_site(tls_environ(production_environ), workers=1) as site:
        yield site


def test_plain_http_to_nginx_is_redirected_to_https(tls_site):
    response = tls_site.proxy.request("/admin/login/", headers={"Host": "blog.example.com"})
    assert response.status == 301
    assert response.headers["location"] == "https://blog.example.com/admin/login/"


def test_https_from_a_terminator_in_front_reaches_django(tls_site):
    headers = {"Host": "blog.example.com", "X-Forwarded-Proto": "https"}
    response = tls_site.proxy.request("/admin/login/", headers=headers)
    assert response.status == 200
    assert "max-age=31536000" in response.headers["strict-transport-security"]

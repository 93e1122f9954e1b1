"""gunicorn reached directly (config/gunicorn.py, config/gunicorn_worker.py): clients that send
their request slowly or not at all hold a thread for a bounded time only, and never the worker's
main loop. tests/test_nginx_proxy.py runs the same attacks through nginx, which absorbs them."""

import socket

import pytest

from config.gunicorn_worker import BODY_SECONDS, HEAD_SECONDS, MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES
from support.live import gunicorn_site
from tests.slow_clients import address, answer_before_close, stalled_connections, trickle

WORKERS, THREADS = 2, 5  # ten threads in all, the ten connections of the finding
SLACK = 2.5  # seconds for scheduling on a busy machine


@pytest.fixture(scope="module")
def site(production_environ):
    with gunicorn_site(production_environ, workers=WORKERS, threads=THREADS) as site:
        yield site


def test_connections_holding_every_thread_are_cut_off_at_the_head_deadline(site):
    with stalled_connections(site.base_url, WORKERS * THREADS) as stalled:
        health = site.request("/healthz", timeout=HEAD_SECONDS + 10)
        answers = [answer_before_close(sock, timeout=SLACK) for sock in stalled]
    assert health.status == 200
    # Without a proxy the site is down until the deadline (tests/test_nginx_proxy.py: not at all).
    assert HEAD_SECONDS - 1 < health.seconds < HEAD_SECONDS + SLACK
    assert all(answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n") for answer in answers)
    site.wait_for_log(r"Request Timeout from ip=127\.0\.0\.1: request not received in time")


def test_a_client_trickling_its_request_head_is_cut_off(site):
    with socket.create_connection(address(site.base_url)) as sock:
        answer, seconds = trickle(sock, every=1, give_up_after=HEAD_SECONDS + 10)
    # Cut off at the deadline: with a 408, or with a reset that raced a trickled byte.
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert HEAD_SECONDS - 1 < seconds < HEAD_SECONDS + SLACK


def _head(length_header: str, content_type: str = "application/x-www-form-urlencoded") -> bytes:
    return (
        "POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: {content_type}\r\n{length_header}\r\n\r\n"
    ).encode()


MULTIPART = "multipart/form-data; boundary=quire"


def _multipart_body(size: int) -> bytes:
    """A form with one file field, `size` bytes in all."""
    head = (
        b'--quire\r\nContent-Disposition: form-data; name="avatar"; filename="a.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
    )
    tail = b"\r\n--quire--\r\n"
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_a_stalled_request_body_is_cut_off(site):
    with stalled_connections(site.base_url, 1, sent=_head("Content-Length: 100") + b"a=") as [sock]:
        answer = answer_before_close(sock, timeout=BODY_SECONDS + SLACK)
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")


def test_a_body_over_the_limit_is_refused_before_it_is_sent(site):
    head = _head(f"Content-Length: {MAX_BODY_BYTES + 1}")
    with stalled_connections(site.base_url, 1, sent=head) as [sock]:
        answer = answer_before_close(sock, timeout=SLACK)
    assert answer.startswith(b"HTTP/1.1 413 Content Too Large\r\n")


def test_a_chunked_body_over_the_limit_is_refused(site):
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"a" * 64 * 1024)
    body = chunk * (MAX_BODY_BYTES // (64 * 1024) + 1)
    with stalled_connections(site.base_url, 1, sent=_head("Transfer-Encoding: chunked")) as [sock]:
        sock.sendall(body)
        answer = answer_before_close(sock, timeout=SLACK)
    assert answer.startswith(b"HTTP/1.1 413 Content Too Large\r\n")


def test_a_body_within_the_limit_reaches_the_application_after_100_continue(site):
    body = b"username=a&password=" + b"b" * (MAX_BODY_BYTES - 20)
    head = _head(f"Content-Length: {len(body)}\r\nExpect: 100-continue")
    with stalled_connections(site.base_url, 1, sent=head) as [sock]:
        sock.settimeout(SLACK)
        assert sock.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        answer = answer_before_close(sock, timeout=SLACK)
    # Django read the form: a POST without a CSRF token is refused by Django, not by gunicorn.
    assert answer.startswith(b"HTTP/1.1 403 Forbidden\r\n")
    assert b"CSRF" in answer


def test_a_form_with_a_file_may_be_larger_and_reaches_the_application(site):
    # Over MAX_BODY_BYTES: gunicorn keeps the body in a temporary file past BODY_MEMORY_BYTES.
    body = _multipart_body(3 * MAX_BODY_BYTES)
    with stalled_connections(
        site.base_url, 1, sent=_head(f"Content-Length: {len(body)}", MULTIPART)
    ) as [sock]:
        sock.sendall(body)
        answer = answer_before_close(sock, timeout=SLACK)
    assert answer.startswith(b"HTTP/1.1 403 Forbidden\r\n")
    assert b"CSRF" in answer


def test_a_form_with_a_file_over_its_limit_is_refused_before_it_is_sent(site):
    head = _head(f"Content-Length: {MAX_UPLOAD_BODY_BYTES + 1}", MULTIPART)
    with stalled_connections(site.base_url, 1, sent=head) as [sock]:
        answer = answer_before_close(sock, timeout=SLACK)
    assert answer.startswith(b"HTTP/1.1 413 Content Too Large\r\n")


def test_clients_that_never_close_do_not_stop_the_worker_accepting(site):
    # gunicorn waits up to 2 s for a client to close after the response; in the worker's main
    # loop that wait held every other connection, 2 s per client in turn.
    complete = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with stalled_connections(site.base_url, WORKERS * THREADS, sent=complete):
        health = site.request("/healthz", timeout=30)
    assert health.status == 200
    assert health.seconds < 2 + SLACK

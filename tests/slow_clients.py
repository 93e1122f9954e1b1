"""Clients that send their request slowly or not at all, as a denial-of-service attacker does."""

from __future__ import annotations

import contextlib
import select
import socket
import time
import urllib.parse
from collections.abc import Iterator

# The start of a request whose end never comes.
REQUEST_LINE = b"GET / HTTP/1.1\r\n"


def address(base_url: str) -> tuple[str, int]:
    netloc = urllib.parse.urlsplit(base_url).netloc
    host, port = netloc.rsplit(":", 1)
    return host, int(port)


@contextlib.contextmanager
def stalled_connections(
    base_url: str, count: int, *, sent: bytes = REQUEST_LINE
) -> Iterator[list[socket.socket]]:
    """`count` connections that have sent `sent` and then nothing; closed on exit."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.create_connection(address(base_url), timeout=30)
            sockets.append(sock)
            sock.sendall(sent)
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def answer_before_close(sock: socket.socket, *, timeout: float) -> bytes:
    """Everything the server sends until it closes; TimeoutError if it keeps the connection."""
    sock.settimeout(timeout)
    received = []
    while data := sock.recv(65536):
        received.append(data)
    return b"".join(received)


def response_head(sock: socket.socket, *, timeout: float) -> bytes:
    """The status line and headers of the server's answer, whether or not it closes after."""
    sock.settimeout(timeout)
    received = b""
    while b"\r\n\r\n" not in received and (data := sock.recv(65536)):
        received += data
    return received


def trickle(sock: socket.socket, *, every: float, give_up_after: float) -> tuple[bytes, float]:
    """Send a header line one byte at a time, one byte every `every` seconds, until the server
    answers or closes: what it sent and when, or (b"", give_up_after) if it never did.

    A byte that reaches the server after its last read makes its close a reset, which can
    discard the answer before it is read: then the answer is b"" and the time still counts."""
    started = time.monotonic()
    sock.sendall(REQUEST_LINE + b"X-Slow: ")
    while time.monotonic() - started < give_up_after:
        readable, _, _ = select.select([sock], [], [], every)
        if readable:
            try:
                return answer_before_close(sock, timeout=5), time.monotonic() - started
            except ConnectionResetError:
                return b"", time.monotonic() - started
        try:
            sock.sendall(b"a")
        except (BrokenPipeError, ConnectionResetError):
            return b"", time.monotonic() - started
    return b"", give_up_after

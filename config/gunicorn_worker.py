"""gunicorn's gthread worker with a deadline on each request's arrival.

gthread reads a request with blocking calls: a client that sends one line and then nothing, or a
byte every few seconds, holds a thread for as long as it likes, and a handful of them hold every
thread of the site. This worker gives a connection HEAD_SECONDS from its acceptance to deliver the
request line and headers (408 otherwise), then reads the whole body into memory before the
application runs: within BODY_SECONDS (408) and at most MAX_BODY_BYTES (413, refused from
Content-Length before anything is read). The application never waits on the client.

The closing linger (gunicorn waits up to 2 s for the client to close after the response) runs
in the request's thread, not in the worker's main loop, where one client that never closes
stopped the worker from accepting anything.

nginx in front (config/nginx.conf) waits for slow clients itself; these bounds are what remains
when gunicorn is reached directly.
"""

import io
import socket
import time

from gunicorn import util
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_SECONDS = 5
BODY_SECONDS = 10
MAX_BODY_BYTES = 1024 * 1024


class RequestTimeout(Exception):
    """The request did not arrive in time: 408."""


class RequestTooLarge(Exception):
    """The request body is over MAX_BODY_BYTES: 413."""


class DeadlineUnreader(SocketUnreader):
    """A socket reader that gives up at `deadline` (time.monotonic()) however the bytes trickle."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__(sock)
        self.deadline = deadline

    def chunk(self, size_hint: int | None = None) -> bytes:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise RequestTimeout
        self.sock.settimeout(remaining)
        try:
            return super().chunk(size_hint)
        except TimeoutError:
            raise RequestTimeout from None
        finally:
            self.sock.settimeout(None)


class DeadlineConn(TConn):
    """A connection whose request head must arrive within HEAD_SECONDS of its acceptance."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.head_deadline = time.monotonic() + HEAD_SECONDS

    def init(self) -> None:
        super().init()
        if not self.is_http2:  # config/gunicorn.py serves HTTP/1 only
            unreader = DeadlineUnreader(self.sock, self.head_deadline)
            unreader.buf = self.parser.unreader.buf
            self.parser.unreader = unreader

    def close(self, graceful: bool = False) -> None:
        if self.sock.fileno() != -1:  # closed already by the request's thread
            super().close(graceful)


class DeadlineThreadWorker(ThreadWorker):
    def accept(self, listener: socket.socket) -> None:
        # ThreadWorker.accept, making a DeadlineConn.
        try:
            client_sock, client_addr = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return
        self.nr_conns += 1
        client_sock.setblocking(True)
        self.enqueue_req(DeadlineConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def handle(self, conn: DeadlineConn):
        keepalive = super().handle(conn)
        if keepalive is False:
            conn.close(graceful=True)
        return keepalive

    def handle_request(self, req, conn: DeadlineConn) -> bool:
        req.body = io.BytesIO(self.read_body(req, conn))
        return super().handle_request(req, conn)

    def read_body(self, req, conn: DeadlineConn) -> bytes:
        length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), None)
        if length is not None and int(length) > MAX_BODY_BYTES:
            raise RequestTooLarge(f"Content-Length {length}")
        if req._expected_100_continue:  # the client waits for this before it sends the body
            conn.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            req._expected_100_continue = False
        req.unreader.deadline = time.monotonic() + BODY_SECONDS
        body = req.body.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            raise RequestTooLarge("chunked body")
        return body

    def handle_error(self, req, client, addr, exc) -> None:
        if isinstance(exc, RequestTimeout):
            self.refuse(client, addr, 408, "Request Timeout", "request not received in time")
            util.close(client)  # it had its time: no linger
        elif isinstance(exc, RequestTooLarge):
            self.refuse(client, addr, 413, "Content Too Large", f"{exc} over {MAX_BODY_BYTES}")
        else:
            super().handle_error(req, client, addr, exc)

    def refuse(self, client, addr, status: int, reason: str, why: str) -> None:
        self.log.warning("%s from ip=%s: %s", reason, (addr or ("",))[0], why)
        try:
            util.write_error(client, status, reason, "")
        except OSError:
            self.log.debug("Failed to send error message.")

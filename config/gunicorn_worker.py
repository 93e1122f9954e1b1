"""gunicorn's gthread worker with a deadline on each request's arrival.

gthread reads a request with blocking calls: a client that sends one line and then nothing, or a
byte every few seconds, holds a thread for as long as it likes, and a handful of them hold every
thread of the site. This worker gives a connection HEAD_SECONDS from its acceptance to deliver the
request line and headers (408 otherwise), then reads the whole body before the application runs:
within BODY_SECONDS (408) and at most MAX_BODY_BYTES, or MAX_UPLOAD_BODY_BYTES for a form that
can carry an image (multipart/form-data) (413, refused from Content-Length before anything is
read). A body is kept in memory up to BODY_MEMORY_BYTES and in a temporary file past it, so an
upload costs a thread no more memory than a login. The application never waits on the client.

The closing linger (gunicorn waits up to 2 s for the client to close after the response) runs
in the request's thread, not in the worker's main loop, where one client that never closes
stopped the worker from accepting anything.

nginx in front (config/nginx.conf) waits for slow clients itself; these bounds are what remains
when gunicorn is reached directly.
"""

import socket
import tempfile
import time

from gunicorn import util
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_SECONDS = 5
BODY_SECONDS = 10
MAX_BODY_BYTES = 1024 * 1024
# An image (IMAGE_UPLOAD_MAX_MB, 10 by default, checked by Django) and the rest of its form. Any
# URL may receive one: who may upload is the application's business, and the memory it costs
# here is BODY_MEMORY_BYTES either way.
MAX_UPLOAD_BODY_BYTES = 16 * 1024 * 1024
BODY_MEMORY_BYTES = 1024 * 1024
READ_BYTES = 64 * 1024


def body_limit(content_type: str) -> int:
    """The largest body accepted with this Content-Type."""
    if content_type.lower().startswith("multipart/form-data"):
        return MAX_UPLOAD_BODY_BYTES
    return MAX_BODY_BYTES


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
        # Closed with the request object (a rolled-over file is unlinked already).
        req.body = self.read_body(req, conn)
        return super().handle_request(req, conn)

    def read_body(self, req, conn: DeadlineConn) -> tempfile.SpooledTemporaryFile:
        headers = dict(req.headers)
        limit = body_limit(headers.get("CONTENT-TYPE", ""))
        length = headers.get("CONTENT-LENGTH")
        if length is not None and int(length) > limit:
            raise RequestTooLarge(f"Content-Length {length} over {limit}")
        if req._expected_100_continue:  # the client waits for this before it sends the body
            conn.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            req._expected_100_continue = False
        req.unreader.deadline = time.monotonic() + BODY_SECONDS
        body = tempfile.SpooledTemporaryFile(max_size=BODY_MEMORY_BYTES)  # noqa: SIM115 (returned)
        try:
            while chunk := req.body.read(READ_BYTES):
                body.write(chunk)
                if body.tell() > limit:
                    raise RequestTooLarge(f"chunked body over {limit}")
        except BaseException:
            body.close()
            raise
        body.seek(0)
        return body

    def handle_error(self, req, client, addr, exc) -> None:
        if isinstance(exc, RequestTimeout):
            self.refuse(client, addr, 408, "Request Timeout", "request not received in time")
            util.close(client)  # it had its time: no linger
        elif isinstance(exc, RequestTooLarge):
            self.refuse(client, addr, 413, "Content Too Large", str(exc))
        else:
            super().handle_error(req, client, addr, exc)

    def refuse(self, client, addr, status: int, reason: str, why: str) -> None:
        self.log.warning("%s from ip=%s: %s", reason, (addr or ("",))[0], why)
        try:
            util.write_error(client, status, reason, "")
        except OSError:
            self.log.debug("Failed to send error message.")

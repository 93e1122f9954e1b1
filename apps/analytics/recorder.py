"""Each process's counted views, and the thread that writes them behind the requests.

A request only adds to this process's buffer (apps/analytics/buffer.py) and never touches the
`analytics` database. A daemon thread, started by the first view a process counts (so in each
gunicorn worker, after the fork), writes the buffer every ANALYTICS_FLUSH_SECONDS, whether or
not more requests come; what it cannot write (the database down or hung) goes back into the
buffer for the next attempt. gunicorn's worker_exit hook (config/gunicorn.py) writes what is left
when a worker stops. A process that dies without stopping (SIGKILL, out of memory, a power cut)
loses the views it held: at most one flush interval's, or what it kept during an outage.
"""

import contextlib
import logging
import os
import threading

from django.conf import settings
from django.db import connections

from apps.analytics.buffer import ViewBuffer
from apps.analytics.services import post_views_write
from apps.analytics.today import local_day
from apps.multidb.aliases import ANALYTICS_DB

logger = logging.getLogger(__name__)
STOP_SECONDS = 5


class ViewRecorder:
    def __init__(self) -> None:
        self._reset()
        # A forked child (a gunicorn worker) starts empty, with no thread and fresh locks.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self.buffer = ViewBuffer()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._stopping = threading.Event()
        self._failing = False

    def record(self, *, post_id: int, visitor: bytes) -> None:
        """Count a view of `post_id` now; `visitor` is the digest of its address and agent."""
        self.buffer.add(post_id=post_id, day=local_day.today(), visitor=visitor)
        if self._thread is None and settings.ANALYTICS_FLUSH_THREAD:
            self._start()

    def _start(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="analytics-flush", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while not self._stopping.wait(settings.ANALYTICS_FLUSH_SECONDS):
            self.flush()
        self.flush()

    def flush(self) -> int:
        """Write what is waiting; the number of views written (0 if the database failed)."""
        pending = self.buffer.take()
        if not pending:
            return 0
        connection = connections[ANALYTICS_DB]
        # This thread serves no request, so nothing else renews its connection.
        renew = not connection.in_atomic_block
        try:
            if renew:
                connection.close_if_unusable_or_obsolete()
            post_views_write(pending=pending)
        except Exception as error:  # whatever failed, the views wait for the next attempt
            self.buffer.give_back(pending)
            self._report_failure(error)
            if renew:
                with contextlib.suppress(Exception):  # a broken connection may fail to close
                    connection.close()
            return 0
        written = sum(pending.views.values())
        if self._failing:
            self._failing = False
            logger.info("Views written again (%d)", written, extra={"alias": ANALYTICS_DB})
        return written

    def _report_failure(self, error: Exception) -> None:
        level = logging.DEBUG if self._failing else logging.WARNING
        self._failing = True
        logger.log(
            level,
            "Views not written, kept in memory (%d entries, %d views dropped): %s",
            self.buffer.size(),
            self.buffer.dropped,
            str(error).strip(),
            extra={"alias": ANALYTICS_DB},
        )

    def stop(self, *, timeout: float = STOP_SECONDS) -> None:
        """Write what is waiting and stop the thread (a worker that exits)."""
        self._stopping.set()
        if self._thread is None:
            self.flush()
        else:
            self._thread.join(timeout)


recorder = ViewRecorder()

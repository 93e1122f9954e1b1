"""gunicorn settings; the environment tunes them.

GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 per CPU + 1, at most 8), GUNICORN_THREADS (2),
GUNICORN_TIMEOUT (30 s). Each worker thread holds up to one persistent connection per database,
so workers x threads must stay below PostgreSQL's max_connections (100 by default).
"""

import gc
import os


def _default_workers() -> int:
    # The CPUs this process may use (a container's limit), not the host's.
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cpus or 1) + 1, 8)


# Loopback: clients reach gunicorn through the proxy in front (config/nginx.conf), never directly,
# or they could forge the X-Forwarded-For that login throttling trusts. The image binds 0.0.0.0
# inside its container, on the compose network only the proxy and the databases share.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or _default_workers())
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
# gthread with a deadline on each request's arrival and its body read before the application
# runs (config/gunicorn_worker.py): a slow or idle client holds a thread for seconds, not for good.
worker_class = "config.gunicorn_worker.DeadlineThreadWorker"
# A worker takes a connection only when one of its threads is free, answers one request on it and
# closes it: otherwise a busy worker queues connections its idle neighbours could serve
# (bench/HISTORY.md). Threads rather than gunicorn's sync worker: gthread sets a connection that
# sends nothing aside after 5 s, where a sync worker waits for it until `timeout`.
worker_connections = threads
keepalive = 0  # none fit anyway (gunicorn keeps worker_connections - threads); no warning
# How long a worker may stop reporting before the master restarts it. A gthread worker's main
# loop keeps reporting while its threads work, so this does not end a slow request: requests are
# bounded by what they do (Markdown renders in linear time, apps/blog/rendering.py; database
# connections by connect_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 20  # below compose's stop_grace_period, so in-flight requests finish
# Recycle workers now and then so a slow leak never grows; jitter keeps them from all restarting
# at once. Rarely: a new worker starts with an empty page cache, and at 2,000 requests each
# worker restarted every 4 s under load, which was the 200-400 ms p99 of cached pages.
max_requests = 50_000
max_requests_jitter = 5_000
# Import the application once in the master and fork workers from it: a worker boots in
# milliseconds, not the import's CPU time that every max_requests recycle would otherwise cost
# (bench/HISTORY.md), and shares the imported code's memory. Nothing opens a database connection
# at import time, so no connection is shared across the fork.
preload_app = True


def pre_fork(server, worker) -> None:
    # What the master imported (Django, the apps, ~70,000 objects) lives as long as the worker:
    # keep it out of the garbage collector's full passes, which otherwise walk all of it while
    # every thread of the worker waits (longest pause 41-49 ms -> 10-11 ms, `python -m
    # bench.profile gc`), and whose bookkeeping writes would copy the shared memory pages.
    gc.freeze()


def worker_exit(server, worker) -> None:
    # Write the views this worker counted since its last flush (apps/analytics/recorder.py).
    from apps.analytics.recorder import recorder

    recorder.stop()


# No runtime control socket: nothing uses it, and several instances on one host would share
# one path in $HOME.
control_socket_disable = True
# Heartbeat files on tmpfs: a container's overlay filesystem can stall the heartbeat.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Access log on stdout, with the request id Django echoes in X-Request-ID and the time taken.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

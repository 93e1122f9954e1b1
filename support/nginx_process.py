"""nginx as compose runs it (config/nginx.conf) in front of a gunicorn, on a free loopback port.

Debian's nginx, started as a foreground process with a temporary prefix. Its main configuration
is the official image's in miniature (MIME types, temporary paths, the site file included at the
http level), so the site file is the one compose runs, with the same variables filled in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from support import PROJECT_DIR, process_end
from support.gunicorn_process import http_status
from support.postgres import free_port

SITE_TEMPLATE = PROJECT_DIR / "config" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

_MAIN_CONFIG = """\
{user}worker_processes 1;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""


def render_site(variables: dict[str, str]) -> str:
    """config/nginx.conf with its ${QUIRE_...} names filled in, as envsubst does in the image."""
    text = SITE_TEMPLATE.read_text()
    for name, value in variables.items():
        text = text.replace("${" + name + "}", value)
    missing = sorted(set(re.findall(r"\$\{(QUIRE_\w+)\}", text)))
    if missing:
        raise ValueError(f"config/nginx.conf needs {missing}")
    return text


class NginxProcess:
    """nginx proxying to `upstream` (host:port) and serving `static_root` and `media_root`.

    Its output, the access log included, goes to `log_path`.
    """

    def __init__(self, upstream: str, *, static_root: Path, media_root: Path, log_path: Path):
        self.port = free_port()
        self.variables = {
            "QUIRE_LISTEN": f"127.0.0.1:{self.port}",
            "QUIRE_UPSTREAM": upstream,
            "QUIRE_RESOLVER": "127.0.0.1",  # unused: the upstream is an address, not a name
            "QUIRE_STATIC_ROOT": str(static_root),
            "QUIRE_MEDIA_ROOT": str(media_root),
        }
        self.log_path = log_path
        self.prefix: tempfile.TemporaryDirectory | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 15) -> None:
        self.prefix = tempfile.TemporaryDirectory(prefix="quire-nginx-")
        prefix = Path(self.prefix.name)
        (prefix / "site.conf").write_text(render_site(self.variables))
        # Started by root, nginx would hand its workers to "nobody", who cannot read temp files.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(_MAIN_CONFIG.format(prefix=prefix, user=user))
        command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr",
                   "-g", "daemon off;"]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while http_status(f"{self.url}/healthz") is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        process_end(self.process)
        if self.prefix is not None:
            self.prefix.cleanup()
            self.prefix = None

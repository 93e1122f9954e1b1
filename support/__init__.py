"""Infrastructure shared by the test suite and the benchmark: throwaway PostgreSQL servers,
scratch databases, gunicorn as deployed, nginx and redis-server as compose runs them, the
production configuration outside containers, and the harness behind `make test`.

tests/ and bench/ import from here; this package imports neither of them, and no app imports it
(the import-linter contracts in pyproject.toml).
"""

import subprocess
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def process_end(process: subprocess.Popen | None, *, timeout: float = 10) -> None:
    """SIGTERM (a graceful stop), then SIGKILL if `process` takes longer than `timeout`."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

"""wrk, the load generator every benchmark drives: found (installed on Debian as root when
missing), run against one URL, and its report read into numbers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.stack import log


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing; installing the Debian package")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed (Debian: apt-get install -y wrk)")
    return wrk


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_parse(output: str) -> dict:
    result = {"errors": 0}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif re.match(r"^(50|99)(\.0+)?%\s", line):
            percentile, value = line.split()
            result[f"p{percentile.split('.')[0].rstrip('%')}"] = _duration_ms(value)
        elif re.match(r"^\d+ requests in", line):
            result["requests"] = int(line.split()[0])
        elif line.startswith("Non-2xx or 3xx responses:"):
            result["errors"] += int(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            counts = re.findall(r"(connect|read|write|timeout) (\d+)", line)
            # wrk counts a read error for every connection closed at the end of the run.
            result["errors"] += sum(int(n) for kind, n in counts if kind != "read")
    return result


def wrk_run(
    wrk: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    script: Path | None = None,
) -> dict:
    """`script`: a wrk Lua script that shapes each request (bench/visitors.lua)."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
               "--timeout", "10s", *(["-s", str(script)] if script else []), url]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return wrk_parse(output)

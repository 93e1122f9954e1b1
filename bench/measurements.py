"""What the page-by-page benchmark (bench/run.py) measures of each page, the median of its
rounds, and the table it reports them in."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace


@dataclass
class Page:
    name: str
    path: str


@dataclass
class Measurement:
    page: Page
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    requests: int = 0
    queries: dict[str, int] = field(default_factory=dict)
    status: int = 0
    cache: str = ""
    ceiling: float = 0.0  # /healthz req/s measured just before this page
    ratio: float | None = None  # to the ceiling; over several rounds, the median of theirs


def median_of(runs: list[Measurement]) -> Measurement:
    """One row for several runs of a page: the median of each figure, the errors of them all."""
    runs = [run for run in runs if run.status == 200] or runs[:1]
    return replace(
        runs[0],
        requests_per_second=statistics.median(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        ceiling=statistics.median(run.ceiling for run in runs),
        ratio=statistics.median(run.ratio for run in runs) if runs[0].ratio is not None else None,
        errors=sum(run.errors for run in runs),
        requests=sum(run.requests for run in runs),
    )


def table(title: str, measurements: list[Measurement], rss: list[float]) -> str:
    lines = [
        f"{title}",
        "",
        "| page | req/s | p50 ms | p99 ms | x healthz | queries default | queries blog_db "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        if m.status != 200:
            lines.append(f"| {m.page.name} `{m.page.path}` | answers {m.status} | | | | | | |")
            continue
        ratio = "-" if m.ratio is None else f"{m.ratio:.2f}"
        queries = [str(m.queries.get(alias, "-")) for alias in ("default", "blog_db")]
        lines.append(
            f"| {m.page.name} | {m.requests_per_second:,.0f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} "
            f"| {ratio} | {queries[0]} | {queries[1]} | {m.errors} |"
        )
    if rss:
        lines += ["", f"gunicorn workers: {len(rss)}, RSS per worker after the load: "
                  + ", ".join(f"{size:.0f} MB" for size in rss)]  # fmt: skip
    return "\n".join(lines)

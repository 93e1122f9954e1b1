"""A bar chart of daily counts, laid out on the server for an inline SVG
(templates/analytics/_daily_chart.html): the page needs no script, and the markup needs no inline
style, which the Content-Security-Policy forbids (colours come from the stylesheet's classes).

Pure: dates and numbers in, coordinates out, in the SVG's own units (its viewBox); the SVG
scales to the width of the page.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 640
HEIGHT = 220
PLOT_LEFT = 44  # room for the counts on the axis
PLOT_RIGHT = WIDTH - 8
PLOT_TOP = 10
PLOT_BOTTOM = HEIGHT - 28  # room for the dates under the bars
BAR_GAP = 2
TICKS = 4  # grid lines above the baseline
LABEL_EVERY_DAYS = 7


@dataclass(frozen=True)
class Bar:
    day: date
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class DayLabel:
    day: date
    x: float  # the middle of the day's bar


@dataclass(frozen=True)
class DailyChart:
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[DayLabel]
    first_day: date
    last_day: date
    total: int
    peak: Bar | None  # the day with the most, the latest of equals; None when every day is 0
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_bottom: int = PLOT_BOTTOM


def daily_series(
    counts: Mapping[date, int], *, last_day: date, days: int
) -> list[tuple[date, int]]:
    """`days` consecutive days ending with `last_day`, each with its count (0 when absent)."""
    first_day = last_day - timedelta(days=days - 1)
    return [(day, counts.get(day, 0)) for day in (first_day + timedelta(n) for n in range(days))]


def tick_step(peak: int) -> int:
    """The smallest round step (1, 2 or 5 times a power of ten) whose `TICKS` steps reach `peak`:
    every grid line then reads as a round number."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * TICKS >= peak:
                return step * magnitude
        magnitude *= 10


def daily_chart(series: list[tuple[date, int]]) -> DailyChart:
    """Bars for `series` (consecutive days, oldest first, as `daily_series` returns)."""
    if not series:
        raise ValueError("a chart needs at least one day")
    step = tick_step(max(value for _, value in series))
    top = step * TICKS
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(series)
    bars = []
    for index, (day, value) in enumerate(series):
        height = plot_height * value / top
        bars.append(
            Bar(
                day=day,
                value=value,
                x=round(PLOT_LEFT + index * slot + BAR_GAP / 2, 2),
                y=round(PLOT_BOTTOM - height, 2),
                width=round(slot - BAR_GAP, 2),
                height=round(height, 2),
            )
        )
    ticks = [
        Tick(value=step * line, y=round(PLOT_BOTTOM - plot_height * line / TICKS, 2))
        for line in range(TICKS + 1)
    ]
    # The newest day is always labelled; then every `LABEL_EVERY_DAYS` back from it.
    labels = [
        DayLabel(day=bar.day, x=round(bar.x + bar.width / 2, 2))
        for bar in bars[::-1][::LABEL_EVERY_DAYS]
    ][::-1]
    viewed = [bar for bar in bars if bar.value]
    peak = max(viewed, key=lambda bar: (bar.value, bar.day), default=None)
    return DailyChart(
        bars=bars,
        ticks=ticks,
        labels=labels,
        first_day=series[0][0],
        last_day=series[-1][0],
        total=sum(value for _, value in series),
        peak=peak,
    )

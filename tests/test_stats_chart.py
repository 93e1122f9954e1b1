"""The daily bar chart's layout (apps/analytics/chart.py): pure, no database."""

from datetime import date, timedelta

import pytest

from apps.analytics import chart

LAST = date(2026, 12, 2)


def test_series_fills_missing_days_with_zero_oldest_first():
    series = chart.daily_series({LAST: 5, date(2026, 11, 30): 2}, last_day=LAST, days=4)
    assert series == [
        (date(2026, 11, 29), 0),
        (date(2026, 11, 30), 2),
        (date(2026, 12, 1), 0),
        (date(2026, 12, 2), 5),
    ]


def test_series_ignores_days_outside_the_window():
    series = chart.daily_series({LAST - timedelta(days=30): 9}, last_day=LAST, days=30)
    assert len(series) == 30
    assert series[0][0] == LAST - timedelta(days=29)
    assert sum(value for _, value in series) == 0


@pytest.mark.parametrize(
    ("peak", "step"),
    [(0, 1), (3, 1), (4, 1), (5, 2), (8, 2), (9, 5), (20, 5), (21, 10), (37, 10), (801, 500)],
)
def test_tick_step_is_the_smallest_round_step_whose_lines_reach_the_peak(peak, step):
    assert chart.tick_step(peak) == step


def test_bars_are_proportional_and_stand_on_the_baseline():
    layout = chart.daily_chart([(LAST - timedelta(days=1), 8), (LAST, 4)])
    tall, short = layout.bars
    assert tall.height == chart.PLOT_BOTTOM - chart.PLOT_TOP  # 8 is the top of the scale
    assert short.height == tall.height / 2
    for bar in layout.bars:
        assert bar.y + bar.height == chart.PLOT_BOTTOM
    assert tall.x + tall.width < short.x  # a gap between neighbours
    assert short.x + short.width <= chart.PLOT_RIGHT


def test_ticks_divide_the_scale_into_whole_numbers():
    layout = chart.daily_chart([(LAST, 37)])
    assert [tick.value for tick in layout.ticks] == [0, 10, 20, 30, 40]
    assert layout.ticks[0].y == chart.PLOT_BOTTOM
    assert layout.ticks[-1].y == chart.PLOT_TOP


def test_thirty_days_label_the_newest_day_and_every_seventh_before_it():
    series = chart.daily_series({}, last_day=LAST, days=30)
    layout = chart.daily_chart(series)
    assert [label.day for label in layout.labels] == [
        LAST - timedelta(days=28),
        LAST - timedelta(days=21),
        LAST - timedelta(days=14),
        LAST - timedelta(days=7),
        LAST,
    ]
    newest = layout.bars[-1]
    assert layout.labels[-1].x == pytest.approx(newest.x + newest.width / 2)


def test_summary_total_and_peak():
    layout = chart.daily_chart(
        [(LAST - timedelta(days=2), 7), (LAST - timedelta(days=1), 3), (LAST, 7)]
    )
    assert layout.total == 17
    assert layout.peak.day == LAST  # the latest of equal days
    assert (layout.first_day, layout.last_day) == (LAST - timedelta(days=2), LAST)


def test_a_month_without_views_has_no_peak_and_flat_bars():
    layout = chart.daily_chart(chart.daily_series({}, last_day=LAST, days=30))
    assert layout.peak is None
    assert layout.total == 0
    assert {bar.height for bar in layout.bars} == {0}


def test_no_days_is_an_error():
    with pytest.raises(ValueError, match="at least one day"):
        chart.daily_chart([])

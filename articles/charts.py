"""A district's coverage over time: articles a month (a year, over long spans), as a small server-rendered SVG."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.html import format_html_join

# The drawing's own units; it scales with the page, and these keep its text ≥ 10 px on a 390 px phone.
WIDTH, HEIGHT = 400, 150
LEFT, RIGHT, TOP, BOTTOM = 28, 6, 10, 22
# Beyond four years, months become too thin to see: the chart counts years instead.
MONTHS_UP_TO = 48
MAX_LABELS = 8


@dataclass
class Bar:
    label: str  # "2022年3月" or "2022年"
    count: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    unit: str  # "月" or "年"
    bars: list[Bar]
    undated: int
    most: int = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x labels: (centre, text)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)

    @property
    def busiest(self) -> Bar:
        return max(self.bars, key=lambda b: b.count)

    # The repeated parts of includes/coverage_chart.html, written here: up to 48 bars, each drawn, labelled
    # and tabled, made the template loops cost more than the rest of a district page.
    def bar_shapes(self) -> str:
        return format_html_join(
            "\n",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#b3471a"><title>{}：{}篇</title></rect>',
            ((b.x, b.y, b.width, b.height, b.label, b.count) for b in self.bars if b.count),
        )

    def tick_labels(self) -> str:
        return format_html_join(
            "\n",
            '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
            ((x, self.height - 6, label) for x, label in self.ticks),
        )

    def table_rows(self) -> str:
        return format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", ((b.label, b.count) for b in self.bars))

    @property
    def summary(self) -> str:
        first, last = self.bars[0].label, self.bars[-1].label
        return (
            f"{first}至{last}，共{self.total}篇注明日期的文章，最多的是{self.busiest.label}（{self.busiest.count}篇）。"
        )


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def chart(monthly: dict[dt.date, int], undated: int = 0) -> Chart | None:
    """Bars for every month (or year) from the first dated article to the last, empty ones included.

    None when the dates do not span two months: one bar shows no trend.
    """
    monthly = {month.replace(day=1): n for month, n in monthly.items() if n}
    if not monthly:
        return None
    months = _months_between(min(monthly), max(monthly))
    if len(months) < 2:
        return None
    if len(months) <= MONTHS_UP_TO:
        unit = "月"
        bars = [Bar(f"{m.year}年{m.month}月", monthly.get(m, 0)) for m in months]
    else:
        unit = "年"
        yearly: dict[int, int] = {}
        for month, n in monthly.items():
            yearly[month.year] = yearly.get(month.year, 0) + n
        bars = [Bar(f"{y}年", yearly.get(y, 0)) for y in range(min(yearly), max(yearly) + 1)]
    result = Chart(unit=unit, bars=bars, undated=undated, most=max(b.count for b in bars))
    _lay_out(result)
    return result


def _lay_out(c: Chart) -> None:
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / len(c.bars)
    gap = min(2.0, step * 0.2)
    for i, bar in enumerate(c.bars):
        bar.height = round(plot_height * bar.count / c.most, 1) if c.most else 0
        bar.x = round(LEFT + i * step + gap / 2, 1)
        bar.width = round(step - gap, 1)
        bar.y = round(c.baseline - bar.height, 1)
    every = max(1, -(-len(c.bars) // MAX_LABELS))
    for i in range(0, len(c.bars), every):
        label = c.bars[i].label
        if c.unit == "月":  # the year only where it changes, or on the first label
            year, _, month = label.partition("年")
            shown_before = i and c.bars[i - every].label.startswith(year)
            label = month if shown_before else label
        c.ticks.append((round(LEFT + (i + 0.5) * step, 1), label))


def coverage(district) -> Chart | None:
    """The district's own published articles counted by month of their date, from the stored counts
    (articles.counts.recount): the page costs the same however many articles the district has."""
    monthly = {dt.date(int(key[:4]), int(key[5:7]), 1): n for key, n in district.monthly_counts.items()}
    if not monthly:
        return None
    return chart(monthly, undated=district.undated_count)

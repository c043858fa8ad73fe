"""The geometry of the series page's charts: one small bar chart per headline
figure, a bar per edition, drawn by the page as inline SVG (no script, no
library, readable on a phone and in print)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventapp.domain.mou_stats import format_number

WIDTH, HEIGHT = 320, 170
TOP, BOTTOM, SIDE = 22, 30, 10  # room for the values above, the years below
GAP_SHARE = 0.35  # of each edition's slot, between its bar and the next


@dataclass(frozen=True)
class Bar:
    label: str  # the edition's year (or date, when a year has two)
    value_text: str
    x: float
    y: float
    width: float
    height: float
    latest: bool  # the latest edition stands out

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM


def bar_chart(title: str, points: Sequence[tuple[str, int]], language: str) -> BarChart:
    """Bars scaled to the largest value; a zero stays visible as a hairline."""
    slot = (WIDTH - 2 * SIDE) / max(len(points), 1)
    bar_width = min(slot * (1 - GAP_SHARE), 64)
    top = max((value for _label, value in points), default=0) or 1
    room = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (label, value) in enumerate(points):
        height = max(room * value / top, 1.0)
        bars.append(
            Bar(
                label=label,
                value_text=format_number(value, language),
                x=round(SIDE + slot * index + (slot - bar_width) / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                latest=index == len(points) - 1,
            )
        )
    return BarChart(title=title, bars=tuple(bars))


def edition_labels(days: Sequence[tuple[int, str]]) -> list[str]:
    """Each edition by its year; by its date where two share a year.
    ``days`` are (year, date as the page writes it)."""
    years = [year for year, _day in days]
    return [str(year) if years.count(year) == 1 else day for year, day in days]


# The headline figures the series page charts, in the report's overview order.
CHARTED = ("participants", "provinces", "products", "host_products", "checked_in", "meetings", "mous")


def figure_charts(
    labels: Sequence[str], figures: Sequence[Mapping[str, int]], titles: Mapping[str, str], language: str
) -> list[BarChart]:
    """A chart per charted figure: ``figures`` are the editions' overviews, oldest first."""
    return [
        bar_chart(titles[code], [(label, overview[code]) for label, overview in zip(labels, figures, strict=True)], language)
        for code in CHARTED
    ]

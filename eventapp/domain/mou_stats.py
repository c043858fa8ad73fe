"""The figures officials report about an event's MoUs, as plain values.

The counting itself is SQL (``services/mous.py``); this module fixes what the
figures are and in which order they are shown, so that the dashboard, the API
and the PDF always agree.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from babel.numbers import format_decimal

from eventapp.domain import provinces
from eventapp.domain.errors import Text


@dataclass(frozen=True)
class CategoryFigure:
    """``value_vnd`` is None when none of the category's MoUs records a value:
    shown as "—" (no value recorded), never as a committed 0 đ."""

    code: str
    label: str
    count: int
    value_vnd: int | None


@dataclass(frozen=True)
class ProvinceFigure:
    """How many MoUs have at least one party from this province: an MoU
    between Sóc Trăng and Cần Thơ counts once for each, so these figures add
    up to more than the total."""

    code: str
    name: str
    count: int


@dataclass(frozen=True)
class MouCounts:
    total: int
    value_vnd_total: int
    categories: tuple[CategoryFigure, ...]
    provinces: tuple[ProvinceFigure, ...]

    @property
    def committed_value(self) -> int | None:
        """The total of the values recorded, or None when no MoU records one."""
        if all(figure.value_vnd is None for figure in self.categories):
            return None
        return self.value_vnd_total

    @property
    def some_values_missing(self) -> bool:
        return any(figure.value_vnd is None for figure in self.categories)

    @property
    def by_category(self) -> dict[str, int]:
        return {figure.code: figure.count for figure in self.categories}

    @property
    def by_province(self) -> dict[str, int]:
        return {figure.code: figure.count for figure in self.provinces}


@dataclass(frozen=True)
class PartyLine:
    name: str
    province: str


@dataclass(frozen=True)
class MouLine:
    title: str
    category: str
    signed_on: date
    parties: tuple[PartyLine, ...]
    value_vnd: int | None


@dataclass(frozen=True)
class MouSummary:
    """Everything the officials' report shows, already in its language."""

    language: str
    event_name: str
    venue: str
    place: str
    starts_on: date
    ends_on: date
    counts: MouCounts
    mous: tuple[MouLine, ...]
    generated_at: datetime


def province_figures(rows: Iterable[tuple[str, int]], language: str) -> tuple[ProvinceFigure, ...]:
    """Most MoUs first; ties in the official order of provinces."""
    order = {code: index for index, code in enumerate(provinces.ALL_CODES)}
    figures = [ProvinceFigure(code, provinces.province_name(code, language), int(count)) for code, count in rows]
    return tuple(sorted(figures, key=lambda figure: (-figure.count, order.get(figure.code, len(order)))))


# Babel looks the locale's symbols up on every call; a list of ten thousand
# MoUs shows the same few thousand amounts.
@functools.lru_cache(maxsize=8192)
def format_number(value: int, language: str) -> str:
    """1.234.567 in Vietnamese, 1,234,567 in English."""
    return format_decimal(value, locale="en" if language == "en" else "vi")


NO_VALUE = "—"
NO_VALUE_NOTE = Text("—: no value recorded.")


def format_vnd(value: int | None, language: str) -> str:
    """An amount in đồng; "—" when no value was recorded (see ``NO_VALUE_NOTE``)."""
    if value is None:
        return NO_VALUE
    return f"{format_number(value, language)} {'VND' if language == 'en' else 'đ'}"


def format_day(day: date) -> str:
    """dd/mm/yyyy, as Vietnamese administrative documents write dates."""
    return day.strftime("%d/%m/%Y")


def percent(part: int, whole: int, language: str) -> str:
    if whole == 0:
        return "—"
    share = round(100 * part / whole, 1)
    text = f"{share:.1f}"
    return text.replace(".", ",") if language != "en" else text

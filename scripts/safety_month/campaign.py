"""Campaign facts by year (edition, theme, 6·16 date) from data/campaigns.yml."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

from safety_month import tables

FIRST_YEAR = 2002  # the June 安全生产月 started in 2002; edition = year - 2001


@dataclass(frozen=True)
class Campaign:
    year: int
    edition: int
    theme: str | None     # None: no sourced theme (shown as 未收录, never invented)
    source: str | None

    @property
    def consultation_day(self) -> _dt.date:
        """全国安全宣传咨询日: 6月16日 since 2014, before that the second Sunday of June."""
        if self.year >= _data()["consultation_day_fixed_since"]:
            return _dt.date(self.year, 6, 16)
        first = _dt.date(self.year, 6, 1)
        first_sunday = first + _dt.timedelta(days=(6 - first.weekday()) % 7)
        return first_sunday + _dt.timedelta(days=7)


@lru_cache(maxsize=1)
def _data() -> dict:
    return tables.load("campaigns.yml")


@lru_cache(maxsize=1)
def all_campaigns() -> tuple[Campaign, ...]:
    items = tuple(Campaign(**row) for row in _data()["campaigns"])
    for c in items:
        if c.edition != c.year - FIRST_YEAR + 1:
            raise ValueError(f"campaigns.yml: {c.year} has edition {c.edition}, expected {c.year - 2001}")
    return items


def by_year(year: int) -> Campaign | None:
    return next((c for c in all_campaigns() if c.year == year), None)


def by_theme(text: str) -> Campaign | None:
    """The campaign whose theme appears in text, ignoring spaces and punctuation between words."""
    norm = _squash(text)
    # Longest first: 2024's and 2025's themes extend 2023's.
    for c in sorted(all_campaigns(), key=lambda c: -len(_squash(c.theme or ""))):
        if c.theme and _squash(c.theme) in norm:
            return c
    return None


def current() -> Campaign:
    return by_year(_data()["current_year"])


def _squash(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")

"""Campaign facts by year (edition, theme, 6·16 date) from data/campaigns.yml."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from safety_month import tables

FIRST_YEAR = 2002  # the June 安全生产月 started in 2002; edition = year - 2001


@dataclass(frozen=True)
class OfficialSource:
    """A government or central-media page that states the year's edition and theme."""
    publisher: str        # 人民日报, 光明网, 某市人民政府网站 …
    note: str             # date, page or headline that helps a reader find it
    url: str


@dataclass(frozen=True)
class Campaign:
    year: int
    edition: int
    theme: str | None     # None: no sourced theme (shown as 未收录, never invented)
    source: str | None
    official: tuple[OfficialSource, ...] = ()

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
    hosts = tuple(_data()["official_hosts"])
    items = tuple(Campaign(**{**row, "official": official_sources(row, hosts)}) for row in _data()["campaigns"])
    for c in items:
        if c.edition != c.year - FIRST_YEAR + 1:
            raise ValueError(f"campaigns.yml: {c.year} has edition {c.edition}, expected {c.year - 2001}")
    return items


def official_sources(row: dict, hosts: tuple[str, ...]) -> tuple[OfficialSource, ...]:
    """The `official` entries of one campaigns.yml row; a page outside the official hosts, or
    an official page for a year without a theme, is an error naming the year."""
    found = []
    for item in row.get("official") or ():
        src = OfficialSource(**item)
        host = (urlsplit(src.url).hostname or "").lower()
        if urlsplit(src.url).scheme not in ("http", "https") or not any(host == h or host.endswith("." + h) for h in hosts):
            raise ValueError(f"campaigns.yml: {row['year']}年的 official 地址 {src.url} 不是政府网站或中央媒体"
                             f"（official_hosts: {', '.join(hosts)}）")
        found.append(src)
    if found and not row.get("theme"):
        raise ValueError(f"campaigns.yml: {row['year']}年没有主题，却列了 official 来源")
    return tuple(found)


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

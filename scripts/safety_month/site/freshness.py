"""Honest dates on the site: when it was built, and whether the campaign it presents is still
this year's (issue 19: a home page that said "2025年 · 第24个" in December 2026).

    build_date(environ) -> date        the day of the build, China time (or SOURCE_DATE_EPOCH)
    freshness(current_year, today) -> dict   for the home page (config.extra.freshness)
    stale_warning(current_year, today) -> str | None   for the editor, at build time

Pure functions (the clock is read once, by build_date, from its argument).
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Mapping

# Readers are in mainland China: "today" is Beijing's day, whatever the build server's zone.
CHINA = _dt.timezone(_dt.timedelta(hours=8), "UTC+8")
# The month's campaign is announced in May and runs in June: from 1 June on, a site that still
# presents last year's campaign is behind.
CAMPAIGN_START = (6, 1)
CAMPAIGNS_FILE = "scripts/safety_month/data/campaigns.yml"


def build_date(environ: Mapping[str, str] = os.environ) -> _dt.date:
    """The build's day in China. SOURCE_DATE_EPOCH (the reproducible-builds convention: seconds
    since 1970) fixes it, so two builds of the same tree give the same bytes."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return _dt.datetime.now(CHINA).date()


def chinese_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def is_behind(current_year: int, today: _dt.date) -> bool:
    """The site presents an earlier year's campaign although this year's has begun."""
    return current_year < today.year and (today.month, today.day) >= CAMPAIGN_START


def freshness(current_year: int, today: _dt.date) -> dict:
    behind = is_behind(current_year, today)
    return {
        "built": chinese_date(today),
        "built_iso": today.isoformat(),
        # the year whose theme the site does not have yet (the home page says so; it never
        # shows a theme or an edition it has no source for)
        "missing_year": today.year if behind else None,
    }


def stale_warning(current_year: int, today: _dt.date) -> str | None:
    if not is_behind(current_year, today):
        return None
    return (f"提醒：今天是{chinese_date(today)}，{today.year}年的“安全生产月”已经开始，首页仍在介绍"
            f"{current_year}年的活动。{today.year}年的主题公布后，请在 {CAMPAIGNS_FILE} 中添加这一年的"
            f"主题和来源，再把 current_year 改为 {today.year}；在此之前首页会注明尚未收录{today.year}年主题。")

"""Facts the site templates show, as plain dicts (campaign of the year, latest speeches).

Pure functions over campaign.py and library.py; the hooks put their results into
``config.extra`` so templates (home.html, speech.html) never hard-code a year or theme.
"""

from __future__ import annotations

from typing import Callable, Sequence

from safety_month import campaign
from safety_month.pages.entry import SpeechEntry
from .library import NO_THEME, latest, year_label

JUNE_DATES = "6月1日—30日"


def campaign_dict(c: campaign.Campaign) -> dict:
    day = c.consultation_day
    return {
        "year": c.year,
        "edition": c.edition,
        "theme": c.theme,                       # None when no sourced theme exists
        "theme_text": c.theme or NO_THEME,
        "source": c.source,
        "dates": f"{c.year}年{JUNE_DATES}",
        "consultation_day": day.isoformat(),
        "consultation_label": f"{day.month}月{day.day}日",
        "consultation_short": f"{day.month}·{day.day}",
    }


def campaign_extra() -> dict:
    """config.extra['campaign']: the current campaign plus every year by number."""
    current = campaign.current()
    if current is None:
        raise ValueError("campaigns.yml: current_year has no entry in campaigns")
    return {
        "current": campaign_dict(current),
        "by_year": {c.year: campaign_dict(c) for c in campaign.all_campaigns()},
    }


def speech_cards(entries: Sequence[SpeechEntry], url_of: Callable[[str], str], limit: int = 6) -> list[dict]:
    """The newest speeches for the home page (url: site-relative, for the `url` filter)."""
    cards = []
    for e in latest(entries, limit):
        cards.append({
            "title": e.title,
            "url": url_of(e.src_uri),
            "byline": e.byline,
            "year_label": year_label(e.year),
            "level": e.level,
            "excerpt": e.excerpt,
            "tags": list(e.tags[:3]),
        })
    return cards


def page_url(files, src: str) -> str:
    """Site-relative URL of the page docs/<src> (e.g. 'library/index.md'), for the `url` filter.

    Templates link pages by source path, never by a hand-written folder URL: MkDocs then gives
    'library/' on the web and 'library/index.html' in the offline edition
    (use_directory_urls: false), which opens from disk. ValueError names a missing page.
    """
    file = files.get_file_from_path(src)
    if file is None or not file.is_documentation_page():
        raise ValueError(f"模板链接到 docs/{src}，但没有这个页面（链接应写源文件路径，如 library/index.md）")
    return file.url


def speech_description(meta: dict) -> str:
    """A meta description for a speech page that has none: title, who, year."""
    title = str(meta.get("title") or "讲话")
    who = "".join(str(meta.get(k) or "") for k in ("org", "role", "speaker"))
    year = meta.get("year")
    parts = [f"讲话材料《{title}》"]
    if who:
        parts.append(who)
    if isinstance(year, int):
        parts.append(f"{year}年")
    return "，".join(parts) + "。附来源文件与整理说明。"

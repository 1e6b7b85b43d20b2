"""Listing pages of the library (a year, a level, a tag, the tags index): their entries as HTML
and their split into pages of bounded size.

Pure functions. Every page of a listing must stay under PAGE_CAP bytes of built HTML at any
number of speeches, so the split is made by measuring: each page takes entries while the
bytes of its rendered items stay within CONTENT_BUDGET (the cap less the theme's page frame,
CHROME_ALLOWANCE, measured on built pages), and every entry's own size is bounded by cutting
what a source may make arbitrarily long (a title, a byline, a tag) for display; the speech page
shows the whole text. The hook (scripts/hooks/site_library.py) checks the built pages against
PAGE_CAP as well, so a frame that grew past its allowance fails the build naming the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable, Sequence

from safety_month.pages.entry import SpeechEntry

PAGE_CAP = 100_000            # bytes of HTML per library or tag page (issue 19)
# The page frame around a listing (header, navigation, footer, share box with its QR code,
# scripts): ~12 KB measured on the built library pages, ~20 KB with a SITE_URL's QR code.
CHROME_ALLOWANCE = 30_000
CONTENT_BUDGET = PAGE_CAP - CHROME_ALLOWANCE
# Display limits (characters): what a source can make long is cut with "…" on list pages.
TITLE_MAX, BYLINE_MAX, TAG_MAX, TAGS_SHOWN = 120, 80, 24, 30

LEVEL_LABELS = {"省": "省级", "市": "市级", "县": "县级", "区": "区级", "乡镇": "乡镇（街道）"}

# (target src_uri, src_uri of the page the link is on) -> relative URL
Href = Callable[[str, str], str]


class ListingError(ValueError):
    """A single entry larger than a whole page (cannot happen with the display limits)."""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def year_label(year: int | None) -> str:
    return f"{year}年" if year else "年份不详"


def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level, level) if level else ""


@dataclass(frozen=True)
class Links:
    """How an entry links: the speech page, and tag pages by tag (src_uri of each)."""
    href: Href
    tag_pages: dict[str, str]      # tag -> src_uri of its (first) tag page
    tag_slugs: dict[str, str]      # tag -> slug (the filter's value)


def entry_html(e: SpeechEntry, links: Links, here: str, show_year: bool = True, show_tags: bool = True) -> str:
    """One speech as a list item: title link, badges (节选, level), byline, year/date, tag links.

    data-level / data-tags carry the client-side filter's values (level text, tag slugs).
    Tag pages leave the tags out (show_tags False): a speech carries ~10 of them, they are most
    of an item's bytes, and on a page about one tag they would make it ~4 times as many pages."""
    title = esc(cut(e.title, TITLE_MAX))
    tags = e.tags[:TAGS_SHOWN] if show_tags else ()
    out = [f'<li class="sm-lib__item" data-level="{esc(e.level or "")}"'
           f' data-tags="{esc(" ".join(links.tag_slugs[t] for t in tags))}">',
           f'<a class="sm-lib__title" href="{esc(links.href(e.src_uri, here))}">{title}</a>']
    if e.level:
        out.append(f' <span class="sm-badge sm-badge--level">{esc(cut(level_label(e.level), TAG_MAX))}</span>')
    if e.excerpt:
        out.append(' <span class="sm-badge sm-badge--excerpt" title="来源只提供了部分内容">节选</span>')
    meta = []
    if e.byline:
        meta.append(f'<span class="sm-lib__who">{esc(cut(e.byline, BYLINE_MAX))}</span>')
    if show_year:
        meta.append(f'<span class="sm-lib__year">{esc(year_label(e.year))}</span>')
    if e.date:
        date = esc(cut(e.date, 20))
        meta.append(f'<time datetime="{date}">{date}</time>')
    if meta:
        out.append('<div class="sm-lib__meta">' + " ".join(meta) + "</div>")
    if tags:
        out.append(tags_html(tags, links, here))
    return "".join(out) + "</li>"


def tags_html(tags: Sequence[str], links: Links, here: str) -> str:
    """Tag chips, each a link to its tag page (the same markup as the home and speech pages)."""
    chips = "".join(f'<li class="sm-tag"><a href="{esc(links.href(links.tag_pages[t], here))}"'
                    f' data-tag="{esc(links.tag_slugs[t])}">{esc(cut(t, TAG_MAX))}</a></li>' for t in tags)
    return f'<ul class="sm-tags" aria-label="标签">{chips}</ul>'


def paginate(items: Sequence[object], render: Callable[[object, str], str], page_src: Callable[[int], str],
             budget: int = CONTENT_BUDGET) -> list[tuple[str, list[str]]]:
    """Split items into pages whose rendered items total at most `budget` bytes (UTF-8).

    render(item, src_uri of the page it goes on) -> HTML; page_src(k) is the src_uri of page
    k (1-based). Returns [(src_uri, [item HTML, ...]), ...], at least one page (maybe empty).
    Raises ListingError if one item alone exceeds the budget."""
    pages: list[tuple[str, list[str]]] = []
    k, current, used = 1, [], 0
    for item in items:
        piece = render(item, page_src(k))
        size = len(piece.encode("utf-8"))
        if current and used + size > budget:
            pages.append((page_src(k), current))
            k, current, used = k + 1, [], 0
            piece = render(item, page_src(k))      # its links, relative to the new page
            size = len(piece.encode("utf-8"))
        if size > budget:
            raise ListingError(f"一个条目就有 {size} 字节，超过每页 {budget} 字节")
        current.append(piece)
        used += size
    pages.append((page_src(k), current))
    return pages


def pager_html(pages: Sequence[str], k: int, here: str, href: Href) -> str:
    """Page links of a paginated listing (k is 1-based): 上一页, the first, last and nearby
    pages, 下一页. A window of pages, not all of them, so the pager's size stays bounded."""
    if len(pages) < 2:
        return ""
    shown = sorted({1, len(pages), *range(max(1, k - 2), min(len(pages), k + 2) + 1)})
    links = []
    if k > 1:
        links.append(f'<a class="sm-pager__prev" rel="prev" href="{esc(href(pages[k - 2], here))}">上一页</a>')
    last = 0
    for i in shown:
        if i > last + 1:
            links.append('<span class="sm-pager__gap" aria-hidden="true">…</span>')
        if i == k:
            links.append(f'<span class="sm-pager__current" aria-current="page">第{i}页</span>')
        else:
            links.append(f'<a href="{esc(href(pages[i - 1], here))}" aria-label="第{i}页">{i}</a>')
        last = i
    if k < len(pages):
        links.append(f'<a class="sm-pager__next" rel="next" href="{esc(href(pages[k], here))}">下一页</a>')
    return f'<nav class="sm-pager" aria-label="分页（共{len(pages)}页）">' + "".join(links) + "</nav>"

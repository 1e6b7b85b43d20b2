"""The library's generated pages: the index (years with their campaign, levels, tags, with
counts), one listing per year, per level and per tag, and the tags index, each split into
pages of bounded size (listing.paginate).

Pure: `plan` takes the entries, the campaigns and a link function and returns every page's
Markdown by src_uri; the hook (scripts/hooks/site_library.py) adds them as generated pages.

Listing pages are left out of the search index (front matter search.exclude): they repeat
the titles, bylines and tags of the speeches, which are indexed on the speeches' own pages, so
a search for any title would otherwise list every year, level and tag page that shows it above
or beside the speech itself. The library index (years, levels, counts) stays searchable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable, Sequence

from safety_month.campaign import Campaign
from safety_month.pages import contract
from safety_month.pages.entry import SpeechEntry
from . import listing
from .listing import Href, Links, esc, level_label, year_label
from .tag_slugs import base_slug as tag_base_slug, slugs as tag_slugs
from .phrases import phrases_html

INDEX = "library/index.md"
TAGS_INDEX = "tags/index.md"
NO_THEME = "主题未收录"
NO_LEVEL, OTHER_LEVEL = "未标注层级", "其他层级"
LEVELS = ("省", "市", "县", "区", "乡镇")
_LEVEL_SLUGS = {"省": "province", "市": "city", "县": "county", "区": "district", "乡镇": "township",
                OTHER_LEVEL: "other", NO_LEVEL: "none"}
# Folders whose every page the build generates: an editor's file there is an error.
GENERATED_FOLDERS = ("library/", "tags/")


# Where a listing page's list goes. Its HTML (filter, list, pager: ~70 KB a page, ~26 MB in all
# at 3,000 speeches) is put in after the Markdown conversion (the hook's on_page_content), not
# written into the Markdown: it is finished, escaped HTML, and Python-Markdown would spend ~6 s
# of a 3,000-speech build looking through it for Markdown it must not find there. The mark
# carries a hash of the list, so the page's Markdown changes whenever its list does (the
# preview's caches are keyed on the pages' Markdown).
LIST_MARK = "<!-- sm-list {} -->"


def list_mark(list_html: str) -> str:
    return LIST_MARK.format(hashlib.sha256(list_html.encode("utf-8")).hexdigest()[:16])


@dataclass
class Plan:
    pages: dict[str, str] = field(default_factory=dict)        # src_uri -> Markdown
    lists: dict[str, tuple[str, str]] = field(default_factory=dict)   # src_uri -> (mark, list HTML)
    tag_pages: dict[str, str] = field(default_factory=dict)    # tag -> src_uri of its first page
    year_pages: dict[str, str] = field(default_factory=dict)   # speech src_uri -> its year page

    def put_list(self, src_uri: str, list_html: str) -> str:
        """Keep a page's list; returns the mark its Markdown holds in the list's place."""
        self.lists[src_uri] = (list_mark(list_html), list_html)
        return self.lists[src_uri][0]

    def fill(self, src_uri: str, html: str) -> str:
        """The page's HTML (or Markdown) with its list in place of its mark; ValueError when the
        page has a list and the mark is not there."""
        if src_uri not in self.lists:
            return html
        mark, list_html = self.lists[src_uri]
        if mark not in html:
            raise ValueError(f"docs/{src_uri}: 生成的页面里找不到列表的位置 {mark}")
        return html.replace(mark, list_html, 1)


def listing_base(kind: str, key: object) -> str:
    """Folder of a listing: library/2023, library/undated, library/level-city, tags/<slug>."""
    if kind == "year":
        return f"library/{key or 'undated'}"
    if kind == "level":
        return f"library/level-{_LEVEL_SLUGS[key]}"
    return f"tags/{key}"


def page_src(base: str, k: int) -> str:
    """src_uri of page k of a listing: <base>/index.md, then <base>/2.md …"""
    return f"{base}/index.md" if k == 1 else f"{base}/{k}.md"


def level_key(e: SpeechEntry) -> str:
    return e.level if e.level in LEVELS else (OTHER_LEVEL if e.level else NO_LEVEL)


def _group(entries: Sequence[SpeechEntry], key: Callable[[SpeechEntry], object]) -> dict:
    groups: dict = {}
    for e in entries:
        groups.setdefault(key(e), []).append(e)
    return groups


def _front(title: str, description: str, searchable: bool, template: str | None = None) -> list[str]:
    # json.dumps gives a double-quoted YAML scalar: a tag like 'a: [b' stays text.
    lines = ["---", *([f"template: {template}"] if template else []), f"title: {json.dumps(title, ensure_ascii=False)}",
             f"description: {json.dumps(description, ensure_ascii=False)}", "hide:", "  - navigation", "  - toc"]
    if not searchable:
        lines += ["search:", "  exclude: true"]
    return lines + ["---", ""]


FILTER_HTML = ('<form class="sm-filter" data-sm-filter hidden aria-label="筛选本页讲话">'
               '<label class="sm-filter__field"><span>层级</span><select name="level"><option value="">全部层级</option></select></label>'
               '<label class="sm-filter__field"><span>标签</span><select name="tag"><option value="">全部标签</option></select></label>'
               '<p class="sm-filter__count" role="status" aria-live="polite"></p></form>')


# An entry's list item: listing.entry_html, or a stand-in that answers the same (the build's
# page cache keeps each speech's items: buildcache.site_facts.ListItems).
EntryRender = Callable[[SpeechEntry, Links, str, bool, bool], str]


def _listing(plan: Plan, items: Sequence[SpeechEntry], base: str, heading: str, intro: str,
             links: Links, href: Href, show_year: bool, budget: int, show_tags: bool = True,
             entry: EntryRender = listing.entry_html) -> list[tuple[str, int]]:
    """Add the pages of one listing to plan.pages; returns (src_uri, number of entries) of each."""
    pages = listing.paginate(items, lambda e, here: entry(e, links, here, show_year, show_tags),
                             lambda k: page_src(base, k), budget)
    srcs = [src for src, _ in pages]
    for k, (src, pieces) in enumerate(pages, 1):
        title = heading if k == 1 else f"{heading}（第{k}页）"
        first = sum(len(p) for _, p in pages[:k - 1]) + 1
        span = f"，本页为第{first}—{first + len(pieces) - 1}篇" if len(pages) > 1 else ""
        lines = _front(title, f"{heading}：安全生产月讲话资料库中的讲话材料列表。", searchable=False,
                       template="library.html")
        lines += [f"<h1>{esc(title)}</h1>", "",
                  f'<p class="sm-crumbs"><a href="{esc(href(INDEX, src))}">讲话资料库</a>'
                  f' · <a href="{esc(href(TAGS_INDEX, src))}">全部标签</a></p>', ""]
        lines += [intro, ""] if intro else []
        mark = plan.put_list(src, "\n".join([FILTER_HTML, '<ul class="sm-lib" data-sm-list>' + "".join(pieces) + "</ul>",
                                              listing.pager_html(srcs, k, src, href)]))
        lines += [f'<p class="sm-lead">共 <strong>{len(items)}</strong> 篇讲话材料{span}。</p>', "", mark, ""]
        plan.pages[src] = "\n".join(lines)
    return [(src, len(pieces)) for src, pieces in pages]


def _campaign_html(c: Campaign | None) -> str:
    if c is None:
        return ""
    theme = f'<span class="sm-theme">{phrases_html(c.theme)}</span>' if c.theme else f'<span class="sm-missing">{NO_THEME}</span>'
    # The " ·" stays with its line (.sm-nw) and the theme wraps between phrases.
    return f'<p class="sm-lib__campaign"><span class="sm-nw">第{c.edition}个全国“安全生产月” ·</span> 主题：{theme}</p>'


def plan(entries: Sequence[SpeechEntry], campaigns: Sequence[Campaign], href: Href,
         budget: int = listing.CONTENT_BUDGET, entry: EntryRender = listing.entry_html,
         base_slug: Callable[[str], str] = tag_base_slug) -> Plan:
    """Every generated library and tag page. entries: newest first (library.collect);
    entry, base_slug: how an entry's list item and a tag's slug are made (listing.entry_html,
    tag_slugs.base_slug, or what answers the same)."""
    out = Plan()
    all_tags = sorted({t for e in entries for t in e.tags})
    slug = tag_slugs(all_tags, base_slug)
    out.tag_pages = {t: page_src(listing_base("tag", slug[t]), 1) for t in all_tags}
    links = Links(href, out.tag_pages, slug)
    by_campaign = {c.year: c for c in campaigns}
    years = _group(entries, lambda e: e.year)
    for year, items in years.items():
        pages = _listing(out, items, listing_base("year", year), f"{year_label(year)}讲话材料",
                         _campaign_html(by_campaign.get(year)), links, href, False, budget, entry=entry)
        # The speech page's year link opens the year page that lists it.
        start = 0
        for src, n in pages:
            out.year_pages.update((e.src_uri, src) for e in items[start:start + n])
            start += n
    levels = _group(entries, level_key)
    for level, items in levels.items():
        _listing(out, items, listing_base("level", level), f"{level_label(level) or level}讲话材料", "",
                 links, href, True, budget, entry=entry)
    tagged = {t: [e for e in entries if t in e.tags] for t in all_tags}
    for t, items in tagged.items():
        # (the tag cut as on its chips: a tag is a front-matter value of any length, and the
        # heading goes into the page's <title>, meta description and Open Graph tags too)
        _listing(out, items, listing_base("tag", slug[t]), f"标签：{listing.cut(t, listing.TAG_MAX)}", "",
                 links, href, True, budget, show_tags=False, entry=entry)
    _tags_index(out, tagged, href, budget)
    out.pages[INDEX] = render_index(entries, years, levels, len(all_tags), by_campaign, href)
    return out


def _tags_index(out: Plan, tagged: dict[str, list], href: Href, budget: int) -> None:
    order = sorted(tagged, key=lambda t: (-len(tagged[t]), t))

    def item(t, here):
        return (f'<li class="sm-tag"><a href="{esc(href(out.tag_pages[t], here))}">{esc(listing.cut(t, listing.TAG_MAX))}'
                f'<span class="sm-tag__count">（{len(tagged[t])}篇）</span></a></li>')
    pages = listing.paginate(order, item, lambda k: page_src("tags", k), budget)
    srcs = [src for src, _ in pages]
    for k, (src, pieces) in enumerate(pages, 1):
        title = "全部标签" if k == 1 else f"全部标签（第{k}页）"
        lines = _front(title, "安全生产月讲话资料库的全部标签，每个标签一页，列出带这个标签的讲话。", searchable=False)
        lines += [f"<h1>{title}</h1>", "",
                  f'<p class="sm-crumbs"><a href="{esc(href(INDEX, src))}">讲话资料库</a></p>', "",
                  f'<p class="sm-lead">共 <strong>{len(order)}</strong> 个标签，按讲话篇数排列。</p>', ""]
        if pieces:
            lines += [out.put_list(src, "\n".join(['<ul class="sm-tags sm-tags--index">' + "".join(pieces) + "</ul>",
                                                    listing.pager_html(srcs, k, src, href)])), ""]
        else:
            lines += ['<p class="sm-empty">还没有带标签的讲话。</p>', ""]
        out.pages[src] = "\n".join(lines)


def render_index(entries, years: dict, levels: dict, n_tags: int, by_campaign: dict, href: Href) -> str:
    """Markdown of library/index.md: counts by year (with that year's campaign) and level."""
    here = INDEX
    lines = _front("讲话资料库", "各地安全生产讲话材料，按年份、层级（市、县、区、乡镇）和标签分类，附来源与整理说明。", True)
    lines += ["# 讲话资料库", "",
              f'<p class="sm-lead">共收录 <strong>{len(entries)}</strong> 篇讲话材料。每篇均注明来源文件、整理时所做的改动和待核对事项；'
              f'原文隐去或待填写之处以 {contract.REDACT_TEMPLATE.format("〔&#42;〕")} 标出。</p>', ""]
    if not entries:
        lines += ['<p class="sm-empty">资料库暂无讲话。导入讲话后重新构建网站即可在此列出。</p>', ""]
    rows = []
    for year, items in years.items():
        c = by_campaign.get(year) if year else None
        campaign = ""
        if c:
            theme = phrases_html(c.theme) if c.theme else NO_THEME
            campaign = f'<span class="sm-years__campaign"><span class="sm-nw">第{c.edition}个 ·</span> 主题：<span class="sm-theme">{theme}</span></span>'
        rows.append(f'<li id="y{year or "none"}"><a href="{esc(href(page_src(listing_base("year", year), 1), here))}">'
                    f'{year_label(year)}<span class="sm-years__count">（{len(items)}篇）</span></a>{campaign}</li>')
    if rows:
        lines += ["## 按年份 {: #by-year }", "", '<ul class="sm-years">' + "".join(rows) + "</ul>", ""]
    lv = [f'<li id="level-{_LEVEL_SLUGS[k]}"><a href="{esc(href(page_src(listing_base("level", k), 1), here))}">'
          f'{level_label(k) or k}<span class="sm-years__count">（{len(levels[k])}篇）</span></a></li>'
          for k in (*LEVELS, OTHER_LEVEL, NO_LEVEL) if k in levels]
    if lv:
        lines += ["## 按层级 {: #by-level }", "", '<ul class="sm-years sm-years--levels">' + "".join(lv) + "</ul>", ""]
    lines += ["## 按标签 {: #by-tag }", "",
              f'<p><a href="{esc(href(TAGS_INDEX, here))}">全部标签（{n_tags}个）</a>：每个标签一页，列出带这个标签的讲话。'
              "年份、层级和标签页上可以按层级和标签筛选。</p>", ""]
    return "\n".join(lines)


def is_generated(src_uri: str | None) -> bool:
    """Whether the build makes the page at docs/<src_uri> (so an editor's file there is an error);
    None (a file outside docs/) is not."""
    return bool(src_uri) and src_uri.endswith(".md") and src_uri.startswith(GENERATED_FOLDERS)

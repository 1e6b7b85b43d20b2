"""Speech library: collect the speech entries of imported pages (their one shape and reader are
safety_month.pages.entry), build the library index and the 历届主题 (themes by year) pages as
Markdown text.

Pure functions: the MkDocs hook (scripts/hooks/site_library.py) only feeds them the files and
adds the returned text as generated pages. Everything taken from a speech's front matter is
HTML-escaped here; links are computed by the caller (``href``) so MkDocs' URL rules stay in one
place.
"""

from __future__ import annotations

import html
from dataclasses import fields
from typing import Callable, Iterable, Sequence

from safety_month.campaign import Campaign
from safety_month.pages import contract
from safety_month.pages.entry import EntryError, SpeechEntry, parse_speech
from .articles import NOTICES_PAGE
from .phrases import phrases_html

# Levels in display order (contract: 省|市|县|区|乡镇); anything else is listed under 其他.
LEVELS = ("省", "市", "县", "区", "乡镇")
LEVEL_LABELS = {"省": "省级", "市": "市级", "县": "县级", "区": "区级", "乡镇": "乡镇（街道）"}
NO_LEVEL = "未标注层级"
OTHER_LEVEL = "其他层级"
NO_THEME = "主题未收录"

Href = Callable[[str], str]   # src_uri of a speech page -> link relative to the generated page


# The one shape of a speech entry and its reader live in the pages room (pages/entry.py);
# the hooks and tools catch its error under the library's name.
LibraryError = EntryError


# Pages the build generates in memory (scripts/hooks/site_library.py): a file of the same
# name in docs/ is an error (the editors' checks report it).
LIBRARY_PAGE, THEMES_PAGE = "library/index.md", "themes.md"
# The 通知公告 index is generated too (scripts/hooks/site_articles.py).
GENERATED_PAGES = (LIBRARY_PAGE, THEMES_PAGE, NOTICES_PAGE)


def decode(data: str | bytes, src: str) -> str:
    """UTF-8 text of a page; undecodable bytes raise LibraryError naming the file and offset."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LibraryError(f"docs/{src}: 第{line}行: 不是 UTF-8 文本（字节偏移 {exc.start}）") from None


def collect(pages: Iterable[tuple[str, str | bytes]]) -> list[SpeechEntry]:
    """SpeechEntries of (src_uri, text or bytes) pairs that are speech pages, newest first."""
    entries = [e for src, data in pages if (e := parse_speech(decode(data, src), src)) is not None]
    return sort_newest_first(entries)


def speech_pages(files) -> list[tuple[str, bytes]]:
    """(src_uri, bytes) of the Markdown pages under docs/speeches/ in a MkDocs Files object."""
    return [(f.src_uri, f.content_bytes) for f in files.documentation_pages() if f.src_uri.startswith(contract.SPEECH_PREFIX)]


def sort_newest_first(entries: Iterable[SpeechEntry]) -> list[SpeechEntry]:
    """Newest year first; undated speeches last; then date (newest first), title, part."""
    def key(e: SpeechEntry):
        return (e.year is None, -(e.year or 0), _neg_date(e.date), e.title, e.part or 0, e.src_uri)
    return sorted(entries, key=key)


def _neg_date(date: str | None) -> tuple:
    if not date:
        return (1, 0)
    digits = "".join(ch for ch in date if ch.isdigit())
    return (0, -int(digits)) if digits else (1, 0)


def latest(entries: Sequence[SpeechEntry], limit: int = 6) -> list[SpeechEntry]:
    return sort_newest_first(entries)[:limit]


# ---------------------------------------------------------------------------- rendering

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def year_label(year: int | None) -> str:
    return f"{year}年" if year else "年份不详"


def _entry_html(e: SpeechEntry, href: Href, show_year: bool) -> str:
    bits = [f'<a class="sm-lib__title" href="{_e(href(e.src_uri))}">{_e(e.title)}</a>']
    if e.excerpt:
        bits.append('<span class="sm-badge sm-badge--excerpt" title="来源只提供了部分内容">节选</span>')
    meta = []
    if e.byline:
        meta.append(f'<span class="sm-lib__who">{_e(e.byline)}</span>')
    if show_year:
        meta.append(f'<span class="sm-lib__year">{_e(year_label(e.year))}</span>')
    if e.date:
        meta.append(f'<time datetime="{_e(e.date)}">{_e(e.date)}</time>')
    if e.level:
        meta.append(f'<span class="sm-badge sm-badge--level">{_e(LEVEL_LABELS.get(e.level, e.level))}</span>')
    tags = "".join(f'<li class="sm-tag">{_e(t)}</li>' for t in e.tags)
    out = f'<li class="sm-lib__item" data-level="{_e(e.level or "")}">' + "".join(bits)
    if meta:
        out += '<div class="sm-lib__meta">' + " ".join(meta) + "</div>"
    if tags:
        out += f'<ul class="sm-tags" aria-label="标签">{tags}</ul>'
    return out + "</li>"


def _list_html(entries: Sequence[SpeechEntry], href: Href, show_year: bool) -> str:
    return '<ul class="sm-lib">' + "".join(_entry_html(e, href, show_year) for e in entries) + "</ul>"


def group_by_year(entries: Sequence[SpeechEntry]) -> list[tuple[int | None, list[SpeechEntry]]]:
    groups: dict[int | None, list[SpeechEntry]] = {}
    for e in sort_newest_first(entries):
        groups.setdefault(e.year, []).append(e)
    return list(groups.items())


def group_by_level(entries: Sequence[SpeechEntry]) -> list[tuple[str, list[SpeechEntry]]]:
    """Groups in LEVELS order, then 其他层级 (levels outside the contract), then 未标注层级."""
    groups: dict[str, list[SpeechEntry]] = {}
    for e in sort_newest_first(entries):
        key = e.level if e.level in LEVELS else (OTHER_LEVEL if e.level else NO_LEVEL)
        groups.setdefault(key, []).append(e)
    return [(k, groups[k]) for k in (*LEVELS, OTHER_LEVEL, NO_LEVEL) if k in groups]


_LEVEL_ANCHORS = {"省": "province", "市": "city", "县": "county", "区": "district", "乡镇": "township",
                  OTHER_LEVEL: "other", NO_LEVEL: "none"}


def level_anchor(level: str) -> str:
    return "level-" + _LEVEL_ANCHORS[level]


def index_key(entries: Sequence[SpeechEntry]) -> tuple:
    """What the library and themes pages depend on: every compared field but the text body
    (editing a speech's text leaves both pages as they were)."""
    names = [f.name for f in fields(SpeechEntry) if f.compare and f.name != "body"]
    return tuple(tuple(getattr(e, n) for n in names) for e in entries)


def render_library(entries: Sequence[SpeechEntry], href: Href, campaigns: Sequence[Campaign]) -> str:
    """Markdown of the library index: speeches by year (with that year's theme), then by level."""
    by_year = {c.year: c for c in campaigns}
    n = len(entries)
    lines = [
        "---",
        "title: 讲话资料库",
        "description: 各地安全生产讲话材料，按年份和层级（市、县、区、乡镇）分类，附来源与整理说明。",
        "hide:",
        "  - navigation",
        "---",
        "",
        "# 讲话资料库",
        "",
        f'<p class="sm-lead">共收录 <strong>{n}</strong> 篇讲话材料。每篇均注明来源文件、整理时所做的改动和待核对事项；'
        f'原文隐去或待填写之处以 {contract.REDACT_TEMPLATE.format("〔&#42;〕")} 标出。</p>',
        "",
    ]
    if not entries:
        lines += ['<p class="sm-empty">资料库暂无讲话。导入讲话后重新构建网站即可在此列出。</p>', ""]
        return "\n".join(lines)
    # Quick links: years and levels.
    years = group_by_year(entries)
    levels = group_by_level(entries)
    jump = " ".join(f'<a href="#y{y or "none"}">{_e(year_label(y))}（{len(es)}）</a>' for y, es in years)
    jump_lv = " ".join(f'<a href="#{level_anchor(lv)}">{_e(LEVEL_LABELS.get(lv, lv))}（{len(es)}）</a>' for lv, es in levels)
    lines += [f'<nav class="sm-jump" aria-label="按年份跳转"><span>按年份：</span>{jump}</nav>', "",
              f'<nav class="sm-jump" aria-label="按层级跳转"><span>按层级：</span>{jump_lv}</nav>', "",
              "## 按年份 {: #by-year }", ""]
    for year, es in years:
        c = by_year.get(year) if year else None
        lines += [f"### {year_label(year)} {{: #y{year or 'none'} }}", ""]
        if c:
            theme = _e(c.theme) if c.theme else NO_THEME
            lines += [f'<p class="sm-lib__campaign">第{c.edition}个全国“安全生产月” · 主题：<span class="sm-theme">{theme}</span></p>', ""]
        lines += [_list_html(es, href, show_year=False), ""]
    lines += ["## 按层级 {: #by-level }", ""]
    for level, es in levels:
        lines += [f"### {LEVEL_LABELS.get(level, level)} {{: #{level_anchor(level)} }}", "",
                  _list_html(es, href, show_year=True), ""]
    return "\n".join(lines)


def source_html(c: Campaign) -> str:
    """The 来源 cell: official pages first (a link each, with publisher and date), then the
    collection the theme was first taken from, as text (such pages are not worth a click)."""
    parts = []
    if c.official:
        links = "；".join(f'<a class="sm-official__link" href="{_e(o.url)}" rel="noopener">{_e(o.publisher)}</a>'
                         f'<span class="sm-official__note">（{_e(o.note)}）</span>' for o in c.official)
        parts.append(f'<span class="sm-official">官方来源：{links}</span>')
    if c.source:
        label = "另见" if c.official else "转载汇总"
        parts.append(f'<span class="sm-source__more">{label}：{_e(c.source)}</span>')
    return "".join(parts) or "—"


def render_themes(campaigns: Sequence[Campaign], entries: Sequence[SpeechEntry], current_year: int,
                  library_href: str) -> str:
    """Markdown of the 历届主题 page: every campaign year, newest first, with its speeches."""
    counts: dict[int, int] = {}
    for e in entries:
        if e.year:
            counts[e.year] = counts.get(e.year, 0) + 1
    rows = []
    for c in sorted(campaigns, key=lambda c: -c.year):
        current = ' class="sm-current"' if c.year == current_year else ""
        badge = ' <span class="sm-badge sm-badge--current">本届</span>' if c.year == current_year else ""
        theme = f'<span class="sm-theme">{phrases_html(c.theme)}</span>' if c.theme else f'<span class="sm-missing">{NO_THEME}</span>'
        source = source_html(c)
        n = counts.get(c.year, 0)
        speeches = f'<a class="sm-themes__count" href="{_e(library_href)}#y{c.year}">{n}篇</a>' if n else '<span class="sm-none">—</span>'
        rows.append(
            f'<tr id="y{c.year}"{current}><th scope="row">{c.year}年</th><td data-label="届次">第{c.edition}个</td>'
            f'<td data-label="主题">{theme}{badge}</td><td class="sm-source" data-label="来源">{source}</td>'
            f'<td data-label="本站讲话">{speeches}</td></tr>'
        )
    table = ('<div class="sm-table-wrap"><table class="sm-themes"><caption>历届全国“安全生产月”主题（2002年起）</caption>'
             '<thead><tr><th scope="col">年份</th><th scope="col">届次</th><th scope="col">主题</th>'
             '<th scope="col">来源</th><th scope="col">本站讲话</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table></div>")
    return "\n".join([
        "---",
        "title: 历届主题",
        "description: 2002年以来历届全国“安全生产月”的届次与主题，注明来源；尚未公布的年份标为主题未收录。",
        "hide:",
        "  - navigation",
        "---",
        "",
        "# 历届“安全生产月”主题",
        "",
        '<p class="sm-lead">每年6月是全国“安全生产月”，自2002年起举办（此前为1980—1984年的全国“安全月”和1991—2001年的“安全生产周”）。'
        "届次 = 年份 − 2001。主题均注明来源，政府网站和中央媒体的报道列在前面；暂未找到这类报道的年份列出转载汇总页。"
        "尚未找到公开来源的年份标为“主题未收录”，本站不自行拟定。</p>",
        "",
        table,
        "",
        '<p class="sm-note">网上流传的个别版本有误，例如2021年误作“……促进安全发展”、2022年误作“消除事故隐患……”。以上表为准。</p>',
        "",
    ])

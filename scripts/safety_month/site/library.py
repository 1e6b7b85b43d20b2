"""Speech library: collect the speech entries of imported pages (their one shape and reader are
safety_month.pages.entry) and build the 历届主题 (themes by year) page as Markdown text; the
library index and its year, level and tag pages are library_pages'.

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
from . import library_pages
from .articles import NOTICES_PAGE
from .phrases import phrases_html
from .listing import year_label

NO_THEME = "主题未收录"

# The one shape of a speech entry and its reader live in the pages room (pages/entry.py);
# the hooks and tools catch its error under the library's name.
LibraryError = EntryError


# Pages the build generates in memory (scripts/hooks/site_library.py): a file of the same
# name in docs/ is an error (the editors' checks report it). The library's year, level and tag
# pages (library_pages) are generated too: every page under library/ and tags/.
LIBRARY_PAGE, THEMES_PAGE = library_pages.INDEX, "themes.md"
# The 通知公告 index is generated too (scripts/hooks/site_articles.py).
GENERATED_PAGES = (LIBRARY_PAGE, THEMES_PAGE, NOTICES_PAGE, library_pages.TAGS_INDEX)


def is_generated(src_uri: str | None) -> bool:
    """Whether the build makes the page docs/<src_uri> (an editor's file there is an error)."""
    return src_uri in GENERATED_PAGES or library_pages.is_generated(src_uri)


def decode(data: str | bytes, src: str) -> str:
    """UTF-8 text of a page; undecodable bytes raise LibraryError naming the file and offset."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LibraryError(f"docs/{src}: 第{line}行: 不是 UTF-8 文本（字节偏移 {exc.start}）") from None


class TextMemo:
    """Each speech page's text, decoded once while its bytes stay the very same object.

    Off unless the live preview switches it on (scripts/hooks/preview.py): `mkdocs serve`
    hands unchanged files back as the same bytes (safety_month.preview.files), and the library
    and 五进 hooks both read all of them on every save. The same str then comes back, whose
    hash Python keeps, so parse_speech's cache answers without decoding and hashing every
    page's text twice per save (0.15 s at 3,000 speeches). Off, nothing is kept: the published
    build holds no second copy of every page."""

    MAX_ENTRIES = 20_000   # far above any site; beyond it the memo starts over

    def __init__(self) -> None:
        self.on = False
        self._texts: dict[str, tuple[bytes, str]] = {}

    def text(self, data: str | bytes, src: str) -> str:
        if not self.on or isinstance(data, str):
            return decode(data, src)
        hit = self._texts.get(src)
        if hit is not None and hit[0] is data:
            return hit[1]
        text = decode(data, src)
        if len(self._texts) >= self.MAX_ENTRIES:
            self._texts.clear()
        self._texts[src] = (data, text)
        return text


TEXTS = TextMemo()


def collect(pages: Iterable[tuple[str, str | bytes]]) -> list[SpeechEntry]:
    """SpeechEntries of (src_uri, text or bytes) pairs that are speech pages, newest first."""
    entries = [e for src, data in pages if (e := parse_speech(TEXTS.text(data, src), src)) is not None]
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


def index_key(entries: Sequence[SpeechEntry]) -> tuple:
    """What the library and themes pages depend on: every compared field but the text body
    (editing a speech's text leaves both pages as they were)."""
    names = [f.name for f in fields(SpeechEntry) if f.compare and f.name != "body"]
    return tuple(tuple(getattr(e, n) for n in names) for e in entries)


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
                  year_href: Callable[[int], str]) -> str:
    """Markdown of the 历届主题 page: every campaign year, newest first, with its speeches;
    a year's count links to that year's library page (year_href: year -> link from here)."""
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
        speeches = f'<a class="sm-themes__count" href="{_e(year_href(c.year))}">{n}篇</a>' if n else '<span class="sm-none">—</span>'
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

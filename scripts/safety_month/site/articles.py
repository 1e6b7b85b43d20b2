"""五进 articles and 通知公告: the pages editors make with `safety-month new wujin|notice`,
listed where a reader finds them.

A page nobody links to is published but never read: every 五进 article is listed on its
section page (docs/wujin/qiye.md for 企业 …), every notice on the generated 通知公告 index
(notices/index.md, in the navigation) and the newest notices on the home page.

Pure functions over (src_uri, text) pairs: the MkDocs hook (scripts/hooks/site_articles.py)
feeds them the files and places the returned text. Front matter is read by the pages' one
reader; a page whose front matter cannot be read is left out here (the editors' checks report
it with its line and stop the build). Everything taken from a page is HTML-escaped here.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from safety_month.pages import reader, schema

NOTICES_PAGE = "notices/index.md"     # generated; a file of that name in docs/ is an error
NOTICES_TITLE = "通知公告"
# The line editors may put on a 五进 section page where its articles are listed; without it
# the list goes at the end of the page (an article must never be left unlisted).
ARTICLES_MARKER = "<!-- 本栏目文章 -->"
ARTICLES_HEADING = "## 本栏目文章 {: #articles }"
KINDS = ("wujin", "notice")

Href = Callable[[str], str]   # src_uri of a page -> link relative to the page being written


@dataclass(frozen=True)
class Article:
    src_uri: str
    kind: str                   # wujin | notice
    title: str
    date: _dt.date | None
    audience: str | None = None  # 五进 articles: 企业 …
    by: str | None = None        # author (wujin) or issuer (notice)
    summary: str | None = None


def folders() -> dict[str, str]:
    """kind -> its folder under docs/ (data/schemas.yml), with a trailing slash."""
    kinds = schema.schemas()["kinds"]
    return {k: kinds[k]["folder"].rstrip("/") + "/" for k in KINDS}


def candidate_pages(files) -> list[tuple[str, bytes]]:
    """(src_uri, bytes) of the Markdown pages under the 五进 and 通知公告 folders."""
    prefixes = tuple(folders().values())
    return [(f.src_uri, f.content_bytes) for f in files.documentation_pages()
            if f.src_uri.startswith(prefixes) and f.src_uri != NOTICES_PAGE]


def collect(pages: Iterable[tuple[str, str | bytes]]) -> list[Article]:
    """The articles and notices among (src_uri, text) pairs, newest first."""
    out = []
    for src, data in pages:
        article = parse(data, src)
        if article is not None:
            out.append(article)
    return sort_newest_first(out)


def parse(data: str | bytes, src_uri: str) -> Article | None:
    """The Article of a page whose front matter says kind: wujin or notice; None otherwise."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    meta = reader.parse(data, positions=False).data
    if not isinstance(meta, dict) or meta.get("kind") not in KINDS:
        return None
    title = _text(meta.get("title"))
    if not title:
        return None
    kind = meta["kind"]
    return Article(
        src_uri=src_uri, kind=kind, title=title, date=_date(meta.get("date")),
        audience=_text(meta.get("audience")) if kind == "wujin" else None,
        by=_text(meta.get("author" if kind == "wujin" else "issuer")),
        summary=_text(meta.get("summary")),
    )


def _text(value) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _date(value) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def sort_newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest date first, undated last; then title and path (a stable order)."""
    return sorted(articles, key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.title, a.src_uri))


def of_audience(articles: Sequence[Article], audience: str) -> list[Article]:
    return [a for a in articles if a.kind == "wujin" and a.audience == audience]


def notices(articles: Sequence[Article]) -> list[Article]:
    return [a for a in articles if a.kind == "notice"]


def date_label(day: _dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "日期不详"


# ---------------------------------------------------------------------------- rendering

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def list_html(articles: Sequence[Article], href: Href) -> str:
    """One raw-HTML list (no blank lines inside): title link, date, who, summary."""
    items = []
    for a in articles:
        when = (f'<time datetime="{a.date.isoformat()}">{_e(date_label(a.date))}</time>' if a.date
                else f"<span>{_e(date_label(None))}</span>")
        meta = when + (f'<span class="sm-article__by">{_e(a.by)}</span>' if a.by else "")
        summary = f'<p class="sm-article__summary">{_e(a.summary)}</p>' if a.summary else ""
        items.append(f'<li class="sm-article"><a class="sm-article__title" href="{_e(href(a.src_uri))}">{_e(a.title)}</a>'
                     f'<p class="sm-article__meta">{meta}</p>{summary}</li>')
    return f'<ul class="sm-articles">{"".join(items)}</ul>'


def section_block(articles: Sequence[Article], href: Href) -> str:
    """Markdown for a 五进 section page: a heading and the list; '' when there is none."""
    if not articles:
        return ""
    return f"{ARTICLES_HEADING}\n\n{list_html(articles, href)}"


def place_in_section(markdown: str, block: str) -> str:
    """The section page's Markdown with block at the marker line (every one of them), or
    appended at the end when the page has no marker; the marker itself never shows."""
    lines = markdown.split("\n")
    found = any(line.strip() == ARTICLES_MARKER for line in lines)
    if not found:
        return markdown.rstrip("\n") + ("\n\n" + block + "\n" if block else "\n")
    out = []
    for line in lines:
        if line.strip() == ARTICLES_MARKER:
            out += ["", block, ""] if block else [""]
        else:
            out.append(line)
    return "\n".join(out)


def render_notices(items: Sequence[Article], href: Href) -> str:
    """Markdown of the generated 通知公告 index page: every notice, newest first."""
    lines = [
        "---",
        f"title: {NOTICES_TITLE}",
        "description: 安全生产月宣传站发布的通知和公告，按发布日期排列，最新的在前。",
        "---",
        "",
        f"# {NOTICES_TITLE}",
        "",
    ]
    if not items:
        lines += ['<p class="sm-empty">暂无通知公告。</p>', ""]
        return "\n".join(lines)
    lines += [f'<p class="sm-lead">共 <strong>{len(items)}</strong> 则，最新的在前。</p>', "",
              list_html(items, href), ""]
    return "\n".join(lines)


def notice_cards(items: Sequence[Article], url_of: Callable[[str], str], limit: int = 3) -> list[dict]:
    """The newest notices for the home page (url: site-relative, for the `url` filter)."""
    return [{"title": a.title, "url": url_of(a.src_uri), "date": a.date.isoformat() if a.date else None,
             "date_label": date_label(a.date), "summary": a.summary} for a in items[:limit]]
